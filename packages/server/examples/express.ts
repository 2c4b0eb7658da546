// Express (4 or 5): the middleware follows the app's own `trust proxy` setting, so
// Gov-Client-Public-IP is always req.ip's address. Run: node --import tsx examples/express.ts
import { createServer } from 'node:http';
import { createFphMiddleware } from '@fph-kit/server/express';
import express from 'express';

export const app: express.Express = express();
app.set('trust proxy', 'loopback'); // the addresses your load balancer connects from

const fph = createFphMiddleware({
  connectionMethod: 'WEB_APP_VIA_SERVER',
  productName: 'Acme Tax',
  versions: { 'acme-api': '3.8.0' },
  licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
  vendorPublicIp: '52.56.10.20',
  clientVersions: ['acme-web'],
});

app.post('/api/returns', fph, express.json(), (req, res) => {
  // The call to HMRC: await fetch(url, req.fph.fetchInit({ method: 'POST', headers, body }))
  res.json({ headers: req.fph.headers(), problems: req.fph.problems });
});

if (process.argv[1] === import.meta.filename) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(app).listen(port, () => console.log(`listening on http://localhost:${port}`));
}
