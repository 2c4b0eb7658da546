// Plain node:http: one call per request gives its context. Name your proxies.
// Run: node --import tsx examples/node-http.ts
import { createServer, type RequestListener } from 'node:http';
import { createFphNodeHandler } from '@fph-kit/server/node';

const fph = createFphNodeHandler({
  connectionMethod: 'WEB_APP_VIA_SERVER',
  productName: 'Acme Tax',
  versions: { 'acme-api': '3.8.0' },
  licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
  vendorPublicIp: '52.56.10.20',
  clientVersions: ['acme-web'],
  proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
});

export const handler: RequestListener = async (req, res) => {
  const context = await fph(req); // never rejects: what is missing is in context.problems
  // The call to HMRC: await fetch(url, context.fetchInit({ method: 'POST', headers, body }))
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ headers: context.headers(), problems: context.problems }));
};

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(handler).listen(port, () => console.log(`listening on http://localhost:${port}`));
}
