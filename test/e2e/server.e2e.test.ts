import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoSession, HmrcCallAnswer } from '@fph-kit/demo';
import { createCollector, type InterfaceTable } from '@fph-kit/node';
import { bundleText, launchChromium } from '@fph-kit/test-support/browser-harness';
import { append, type Listening, startProxy } from '@fph-kit/test-support/http';
import { type ChildServer, startNodeServer } from '@fph-kit/test-support/node-server';
import { validate } from '@fph-kit/validator';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A public-looking client address (not a documentation range, not a spec example). */
const CLIENT_IP = '81.2.69.142';
const VENDOR_IP = '52.56.10.20';

const folder = mkdtempSync(join(tmpdir(), 'fph-server-e2e-'));
let demo: ChildServer;
let proxy: Listening;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The source port of each connection the proxy accepted, in order. */
const clientPorts: number[] = [];

beforeAll(async () => {
  const bundle = join(folder, 'fph-kit.iife.js');
  writeFileSync(bundle, await bundleText('iife'));
  demo = await startNodeServer('apps/demo/src/main.ts', ['--port', '0', '--host', '127.0.0.1'], {
    FPH_DEMO_VENDOR_IP: VENDOR_IP,
    FPH_DEMO_TRUSTED_PROXIES: 'loopback',
    FPH_DEMO_CLIENT_ADDRESS: 'x-forwarded-for',
    FPH_DEMO_BUNDLE: bundle,
    HMRC_CLIENT_ID: '',
    HMRC_CLIENT_SECRET: '',
  });
  // The TLS-terminating proxy in front of the demo: the one trusted peer. It reports the client
  // with a public-looking address and the real source port of the connection it accepted.
  proxy = await startProxy(demo, (headers, peer) => {
    clientPorts.push(peer.port);
    append(headers, 'x-forwarded-for', `${CLIENT_IP}:${peer.port}`);
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await proxy?.close();
  await demo?.close();
  rmSync(folder, { recursive: true, force: true });
});

const HEADLESS = 'client-browser-js-user-agent.headless';

describe('the demo app in headless Chromium, through a trusted proxy', () => {
  it.each([
    ['#send-headers', 'as request headers'],
    ['#send-field', 'in the fph_client field'],
  ])('assembles a valid WEB_APP_VIA_SERVER set (client values %s)', async (button) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      screen: { width: 1920, height: 1080 },
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    const tab = await context.newPage();
    await tab.goto(`${proxy.origin}/`);
    await tab.waitForSelector('body[data-state="ready"]');
    const [response] = await Promise.all([
      tab.waitForResponse((r) => r.url().endsWith('/api/hmrc-call')),
      tab.click(button),
    ]);
    const answer = (await response.json()) as HmrcCallAnswer;
    await tab.waitForSelector('body[data-state="done"]');

    expect(answer.connectionMethod).toBe('WEB_APP_VIA_SERVER');
    expect(answer.report).toEqual({
      specVersion: '3.3',
      code: 'VALID_HEADERS',
      message:
        'All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions.',
    });
    expect(answer.advisories.map((a) => a.rule)).toEqual([HEADLESS]);
    expect(answer.problems).toEqual([]);
    expect(answer.headers['Gov-Client-Public-IP']).toBe(CLIENT_IP);
    expect(clientPorts).toContain(Number(answer.headers['Gov-Client-Public-Port']));
    expect(answer.headers['Gov-Vendor-Forwarded']).toBe(`by=${VENDOR_IP}&for=${CLIENT_IP}`);
    expect(answer.headers['Gov-Client-Browser-JS-User-Agent']).toBe(
      await tab.evaluate(() => navigator.userAgent),
    );
    expect(answer.headers['Gov-Vendor-Version']).toBe(
      'fph-kit-demo-web=0.1.0&fph-kit-demo-server=0.1.0',
    );
    // The page shows the same verdict, and the validator agrees with it here too.
    expect(await tab.textContent('#verdict')).toBe('VALID_HEADERS');
    expect(validate(answer.headers).report.code).toBe('VALID_HEADERS');
    expect(answer.hmrc.called).toBe(false);
  });
});

/** A laptop's interfaces: Wi-Fi with IPv4 and link-local IPv6, loopback. */
const LAPTOP_INTERFACES: InterfaceTable = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true },
    { address: '::1', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true },
  ],
  wlp2s0: [
    { address: '192.168.1.23', family: 'IPv4', mac: '3c:22:fb:5a:71:0e', internal: false },
    {
      address: 'fe80::3e22:fbff:fe5a:710e',
      family: 'IPv6',
      mac: '3c:22:fb:5a:71:0e',
      internal: false,
    },
  ],
};

describe('a desktop client through the same proxy', () => {
  it('posts a @fph-kit/node payload and gets a valid DESKTOP_APP_VIA_SERVER set', async () => {
    const session = (await (await fetch(`${proxy.origin}/api/session`)).json()) as DemoSession;
    // This container has no display, no firmware model and documentation-range interfaces: the
    // collector is given a laptop's, as an Electron app's display adapter and a real machine would.
    const collector = createCollector({
      connectionMethod: 'DESKTOP_APP_VIA_SERVER',
      versions: { 'fph-kit-demo-desktop': '0.1.0' },
      userIds: session.userIds,
      multiFactor: session.multiFactor,
      deviceId: randomUUID(),
      display: {
        description: 'a 14-inch laptop screen',
        screens: () => [{ width: 1920, height: 1200, scalingFactor: 1.5, colourDepth: 24 }],
        windowSize: () => ({ width: 1280, height: 800 }),
      },
      source: {
        platform: 'linux',
        networkInterfaces: () => LAPTOP_INTERFACES,
        linkMacs: async () => [],
        userInfo: () => ({ username: 'alex' }),
        system: async () => ({ manufacturer: 'Dell Inc.', model: 'XPS 13 9310' }),
        osInfo: async () => ({
          platform: 'linux',
          distro: 'Ubuntu',
          release: '24.04',
          kernel: '6.8.0-45-generic',
        }),
      },
    });
    const payload = await collector.clientPayload();
    expect(
      Object.keys(payload.headers).every((name) => !name.startsWith('Gov-Client-Public')),
    ).toBe(true);
    const response = await fetch(`${proxy.origin}/api/desktop/hmrc-call`, {
      method: 'POST',
      headers: { ...payload.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '26A1' }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as HmrcCallAnswer;
    expect(answer.connectionMethod).toBe('DESKTOP_APP_VIA_SERVER');
    expect(answer.report.code).toBe('VALID_HEADERS');
    expect(answer.advisories).toEqual([]);
    expect(answer.problems).toEqual([]);
    for (const [name, value] of Object.entries(payload.headers)) {
      if (name !== 'Gov-Vendor-Version') expect(answer.headers[name]).toBe(value);
    }
    expect(answer.headers['Gov-Vendor-Version']).toBe(
      'fph-kit-demo-desktop=0.1.0&fph-kit-demo-server=0.1.0',
    );
    expect(answer.headers['Gov-Client-Public-IP']).toBe(CLIENT_IP);
  });
});
