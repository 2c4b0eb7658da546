// Any runtime with WHATWG Request and Response (Bun, Deno, Remix, Next.js route handlers): one
// function takes the request and its peer. Here served by node:http through @hono/node-server;
// on Bun: Bun.serve({ fetch: (request, server) => handle(request, server.requestIP(request)) }).
// Run: node --import tsx examples/fetch.ts
import { createServer } from 'node:http';
import { createFphFetch, type FetchPeer } from '@fph-kit/server/fetch';
import { getRequestListener } from '@hono/node-server';

const fph = createFphFetch({
  connectionMethod: 'WEB_APP_VIA_SERVER',
  productName: 'Acme Tax',
  versions: { 'acme-api': '3.8.0' },
  licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
  vendorPublicIp: '52.56.10.20',
  clientVersions: ['acme-web'],
  proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
});

export async function handle(request: Request, peer: FetchPeer): Promise<Response> {
  // A JSON body may carry the client's values in its fph_client field: pass it as `body`.
  const body = request.headers.get('content-type')?.startsWith('application/json')
    ? await request.json().catch(() => undefined)
    : undefined;
  const context = await fph(request, peer, { body });
  // The call to HMRC: await fetch(url, context.fetchInit({ method: 'POST', headers, body }))
  return Response.json({ headers: context.headers(), problems: context.problems });
}

export const listener: ReturnType<typeof getRequestListener> = getRequestListener((request, env) =>
  handle(request, {
    address: env.incoming.socket.remoteAddress,
    port: env.incoming.socket.remotePort,
  }),
);

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(listener).listen(port, () => console.log(`listening on http://localhost:${port}`));
}
