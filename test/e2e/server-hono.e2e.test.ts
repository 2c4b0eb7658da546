import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFphHonoMiddleware, type FphHonoEnv } from '@fph-kit/server/hono';
import { formatMultiFactor, formatUserIds, formatVendorVersion } from '@fph-kit/spec';
import { bundleText, launchChromium } from '@fph-kit/test-support/browser-harness';
import { append, type Listening, listen, startProxy } from '@fph-kit/test-support/http';
import { validate } from '@fph-kit/validator';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The demo's page in headless Chromium, served by a Hono app (on @hono/node-server) that uses
 * the Hono adapter in place of the demo's Express middleware: the same page, the same browser
 * collector, the same proxy in front, and the same verdict.
 */

const CLIENT_IP = '81.2.69.142';
const VENDOR_IP = '52.56.10.20';
const PUBLIC = fileURLToPath(new URL('../../apps/demo/public/', import.meta.url));
const WEB = 'acme-web';

let server: Listening;
let proxy: Listening;
let browser: Browser;
const clientPorts: number[] = [];

function session() {
  const userIds = { 'acme-tax': `taxpayer-${randomBytes(3).toString('hex')}` };
  const multiFactor = [
    {
      type: 'TOTP' as const,
      timestamp: new Date().toISOString(),
      uniqueReference: createHash('sha256').update(randomBytes(16)).digest('hex'),
    },
  ];
  const vendorVersion = { [WEB]: '2.4.1' };
  return {
    userIds,
    multiFactor,
    vendorVersion,
    headers: {
      'Gov-Client-User-IDs': formatUserIds(userIds),
      'Gov-Client-Multi-Factor': formatMultiFactor(multiFactor),
      'Gov-Vendor-Version': formatVendorVersion(vendorVersion),
    },
  };
}

beforeAll(async () => {
  const bundle = await bundleText('iife');
  const app = new Hono<FphHonoEnv>();
  app.use(
    '/api/hmrc-call',
    createFphHonoMiddleware({
      connectionMethod: 'WEB_APP_VIA_SERVER',
      productName: 'Acme Tax',
      versions: { 'acme-api': '3.8.0' },
      licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
      vendorPublicIp: VENDOR_IP,
      clientVersions: [WEB],
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
      logger: false,
    }),
  );
  app.get('/api/session', (c) => c.json(session()));
  app.post('/api/hmrc-call', (c) => {
    const { headers, problems, client } = c.get('fph').result();
    const verdict = validate(headers, { connectionMethod: 'WEB_APP_VIA_SERVER' });
    return c.json({
      connectionMethod: 'WEB_APP_VIA_SERVER',
      headers,
      problems,
      client,
      report: verdict.report,
      advisories: verdict.advisories,
      hmrc: { called: false, reason: 'HMRC is not configured in this test.' },
    });
  });
  app.get('/fph-kit.iife.js', (c) => c.body(bundle, 200, { 'content-type': 'text/javascript' }));
  for (const file of ['index.html', 'app.js']) {
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    const body = readFileSync(join(PUBLIC, file), 'utf8');
    app.get(file === 'index.html' ? '/' : `/${file}`, (c) =>
      c.body(body, 200, { 'content-type': type }),
    );
  }
  server = await listen(() => createAdaptorServer({ fetch: app.fetch }) as Server);
  proxy = await startProxy(server, (headers, peer) => {
    clientPorts.push(peer.port);
    append(headers, 'x-forwarded-for', `${CLIENT_IP}:${peer.port}`);
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.close();
});

describe('the demo page through the Hono adapter, behind a trusted proxy', () => {
  it.each([
    ['#send-headers', 'as request headers'],
    ['#send-field', 'in the fph_client field'],
  ])('assembles a valid WEB_APP_VIA_SERVER set (client values %s)', async (button) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      screen: { width: 1920, height: 1080 },
      deviceScaleFactor: 2,
    });
    try {
      const tab = await context.newPage();
      await tab.goto(`${proxy.origin}/`);
      await tab.waitForSelector('body[data-state="ready"]');
      const [response] = await Promise.all([
        tab.waitForResponse((r) => r.url().endsWith('/api/hmrc-call')),
        tab.click(button),
      ]);
      const answer = (await response.json()) as {
        headers: Record<string, string>;
        problems: unknown[];
        report: { code: string };
      };
      await tab.waitForSelector('body[data-state="done"]');
      expect(answer.report.code).toBe('VALID_HEADERS');
      expect(answer.problems).toEqual([]);
      expect(answer.headers['Gov-Client-Public-IP']).toBe(CLIENT_IP);
      expect(clientPorts).toContain(Number(answer.headers['Gov-Client-Public-Port']));
      expect(answer.headers['Gov-Vendor-Forwarded']).toBe(`by=${VENDOR_IP}&for=${CLIENT_IP}`);
      expect(answer.headers['Gov-Vendor-Version']).toBe('acme-web=2.4.1&acme-api=3.8.0');
      expect(await tab.textContent('#verdict')).toBe('VALID_HEADERS');
    } finally {
      await context.close();
    }
  });
});
