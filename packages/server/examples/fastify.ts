// Fastify 5: the plugin decorates each request with `request.fph` and follows Fastify's
// `trustProxy`, so Gov-Client-Public-IP is always request.ip's address.
// Run: node --import tsx examples/fastify.ts
import { fphPlugin } from '@fph-kit/server/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

export async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: 'loopback' }); // the addresses your load balancer connects from
  await app.register(fphPlugin, {
    connectionMethod: 'WEB_APP_VIA_SERVER',
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    vendorPublicIp: '52.56.10.20',
    clientVersions: ['acme-web'],
  });
  app.post('/api/returns', async (request) => {
    // The call to HMRC: await fetch(url, request.fph.fetchInit({ method: 'POST', headers, body }))
    return { headers: request.fph.headers(), problems: request.fph.problems };
  });
  return app;
}

if (process.argv[1] === import.meta.filename) {
  const app = await buildApp();
  console.log(`listening on ${await app.listen({ port: Number(process.env.PORT ?? 3000) })}`);
}
