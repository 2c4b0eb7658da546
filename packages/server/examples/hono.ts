// Hono (here on @hono/node-server; the same middleware runs on Bun, Deno and workers): each
// request gets `c.get('fph')`. Hono has no proxy setting of its own: name your proxies.
// Run: node --import tsx examples/hono.ts

import { createFphHonoMiddleware, type FphHonoEnv } from '@fph-kit/server/hono';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export const app: Hono<FphHonoEnv> = new Hono<FphHonoEnv>();

app.use(
  '/api/*',
  createFphHonoMiddleware({
    connectionMethod: 'WEB_APP_VIA_SERVER',
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    vendorPublicIp: '52.56.10.20',
    clientVersions: ['acme-web'],
    proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
  }),
);

app.post('/api/returns', (c) => {
  const fph = c.get('fph');
  // The call to HMRC: await fetch(url, fph.fetchInit({ method: 'POST', headers, body }))
  return c.json({ headers: fph.headers(), problems: fph.problems });
});

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? 3000);
  serve({ fetch: app.fetch, port }, () => console.log(`listening on http://localhost:${port}`));
}
