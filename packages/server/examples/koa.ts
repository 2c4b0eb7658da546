// Koa (2 or 3): the middleware puts the request's context on `ctx.state.fph` and follows
// `app.proxy` and `app.maxIpsCount`, so Gov-Client-Public-IP is always ctx.ip's address.
// Run: node --import tsx examples/koa.ts
import { createServer } from 'node:http';
import { createFphKoaMiddleware, type FphKoaState } from '@fph-kit/server/koa';
import Koa from 'koa';

export const app: Koa<FphKoaState> = new Koa<FphKoaState>();
// Koa believes X-Forwarded-For from any peer when app.proxy is on: turn it on only when every
// connection comes through your proxy, and count its hops (one load balancer: 1).
app.proxy = true;
app.maxIpsCount = 1;

app.use(
  createFphKoaMiddleware({
    connectionMethod: 'WEB_APP_VIA_SERVER',
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    vendorPublicIp: '52.56.10.20',
    clientVersions: ['acme-web'],
  }),
);

app.use((ctx) => {
  const { fph } = ctx.state;
  // The call to HMRC: await fetch(url, fph.fetchInit({ method: 'POST', headers, body }))
  ctx.body = { headers: fph.headers(), problems: fph.problems };
});

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(app.callback()).listen(port, () =>
    console.log(`listening on http://localhost:${port}`),
  );
}
