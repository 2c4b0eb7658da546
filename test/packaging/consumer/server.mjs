// @fph-kit/server as installed, in an Express app (the project's own express) on port 0: a
// browser's request through a trusted proxy becomes a complete WEB_APP_VIA_SERVER set.
import { createFphMiddleware } from '@fph-kit/server';
import { validate } from '@fph-kit/validator';
import express from 'express';

const app = express();
app.post(
  '/api/returns',
  createFphMiddleware({
    connectionMethod: 'WEB_APP_VIA_SERVER',
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    vendorPublicIp: '52.56.10.20',
    clientVersions: ['acme-web'],
    proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
  }),
  (req, res) => {
    const headers = req.fph.headers();
    res.json({ headers, problems: req.fph.problems, report: validate(headers).report });
  },
);
const server = app.listen(0, '127.0.0.1', async () => {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/api/returns`, {
    method: 'POST',
    headers: {
      'x-forwarded-for': '81.2.69.160:53012',
      'gov-client-browser-js-user-agent':
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'gov-client-device-id': 'eb6e4a76-99d9-4373-b8f6-db32ab08ac9b',
      'gov-client-multi-factor': `type=TOTP&timestamp=${encodeURIComponent(new Date().toISOString().slice(0, 16))}Z&unique-reference=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8`,
      'gov-client-screens': 'width=1920&height=1080&scaling-factor=1.25&colour-depth=24',
      'gov-client-timezone': 'UTC+00:00',
      'gov-client-user-ids': 'acme-tax=taxpayer-7f3a',
      'gov-client-window-size': 'width=1280&height=720',
      'gov-vendor-version': 'acme-web=2.4.1',
    },
  });
  console.log(JSON.stringify({ status: response.status, ...(await response.json()) }));
  server.close();
});
