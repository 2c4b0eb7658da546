import {
  formatLicenseIds,
  formatMultiFactor,
  formatPort,
  formatProductName,
  formatPublicIp,
  formatTimestamp,
  formatUserIds,
  formatVendorForwarded,
  formatVendorVersion,
  hashLicenseIds,
  hashUniqueReference,
} from '@fph-kit/spec';
import {
  bundleText,
  collectIn,
  demoFile,
  grantWindowManagement,
  INSECURE_HOST,
  launchChromium,
  page,
  type Received,
  startServer,
  type TestServer,
} from '@fph-kit/test-support/browser-harness';
import { validate } from '@fph-kit/validator';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DEVICE = 'Gov-Client-Device-ID';

/** A laptop-like window: 1280x720 viewport on a 1920x1080 screen at scaling factor 2. */
const LAPTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 720 },
  screen: { width: 1920, height: 1080 },
  deviceScaleFactor: 2,
};

let browser: Browser;
let app: TestServer;
let api: TestServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const [iife, esm, demoHtml, demoJs] = await Promise.all([
    bundleText('iife'),
    bundleText('esm'),
    demoFile('collect.html'),
    demoFile('collect.js'),
  ]);
  const js = 'text/javascript; charset=utf-8';
  const echo = (request: Received) => ({
    type: 'application/json',
    body: JSON.stringify(request.headers),
  });
  app = await startServer({
    '/': { body: page() },
    '/fph-kit.iife.js': { type: js, body: iife },
    '/index.js': { type: js, body: esm },
    '/module': {
      body: `<!doctype html><script type="module">import * as kit from '/index.js'; window.FphKit = kit; document.title = 'ready';</script>`,
    },
    // An opaque origin: localStorage and document.cookie both throw, as with blocked storage.
    '/sandboxed': { body: page(), headers: { 'content-security-policy': 'sandbox allow-scripts' } },
    '/form': {
      body: page(`<form method="post" action="/submit">
        <input name="reference" value="VAT-2026-Q3">
        <button name="action" value="draft">Save draft</button>
        <button name="action" value="submit" id="send">Submit return</button>
      </form>`),
    },
    '/submit': { body: '<!doctype html><title>received</title>' },
    '/echo': echo,
    '/collect.html': { body: demoHtml },
    '/collect.js': { type: js, body: demoJs },
  });
  // A second origin (another port) for the CORS behaviour of the custom headers.
  api = await startServer({
    '/strict': (request) => cors(request, 'content-type'),
    '/open': (request) =>
      cors(
        request,
        'content-type, gov-client-browser-js-user-agent, gov-client-device-id, gov-client-screens, gov-client-timezone, gov-client-window-size',
      ),
    '/form-field': (request) => cors(request, ''),
  });
  browser = await launchChromium();
});

/** CORS answers: the preflight lists the allowed request headers; responses echo the origin. */
function cors(request: Received, allowHeaders: string) {
  const headers: Record<string, string> = { 'access-control-allow-origin': app.origin };
  if (request.method === 'OPTIONS') {
    headers['access-control-allow-methods'] = 'GET, POST';
    if (allowHeaders) headers['access-control-allow-headers'] = allowHeaders;
    return { status: 204, headers };
  }
  return { type: 'application/json', headers, body: '{"ok":true}' };
}

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await api?.close();
});

async function open(
  options: BrowserContextOptions = LAPTOP,
  path = '/',
): Promise<{ context: BrowserContext; tab: Page }> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const tab = await context.newPage();
  await tab.goto(app.origin + path);
  return { context, tab };
}

async function stored(tab: Page, context: BrowserContext) {
  const local = await tab.evaluate(() => localStorage.getItem('fph-device-id'));
  const cookie = (await context.cookies(app.origin)).find((c) => c.name === 'fph_device_id');
  return { local, cookie: cookie?.value };
}

describe('the collected values in Chromium', () => {
  it.each([
    [LAPTOP, 'width=1920&height=1080&scaling-factor=2&colour-depth=30', 'width=1280&height=720'],
    [
      {
        viewport: { width: 1000, height: 640 },
        screen: { width: 1366, height: 768 },
        deviceScaleFactor: 1.5,
      },
      'width=1366&height=768&scaling-factor=1.5&colour-depth=30',
      'width=1000&height=640',
    ],
  ])('reads the screen and the viewport of %j', async (options, screens, windowSize) => {
    const { tab } = await open(options);
    const { headers, notes } = await collectIn(tab);
    expect(headers['Gov-Client-Screens']).toBe(screens);
    expect(headers['Gov-Client-Window-Size']).toBe(windowSize);
    expect(notes).toEqual([
      {
        header: 'Gov-Client-Screens',
        code: 'SCREENS_CURRENT_ONLY',
        message: 'no window-management permission',
      },
    ]);
  });

  it('reads the window size again on each call', async () => {
    const { tab } = await open();
    await tab.setViewportSize({ width: 900, height: 500 });
    expect((await collectIn(tab)).headers['Gov-Client-Window-Size']).toBe('width=900&height=500');
  });

  it('passes the user agent as the browser reports it', async () => {
    const { tab } = await open();
    const reported = await tab.evaluate(() => navigator.userAgent);
    expect(reported).toContain('HeadlessChrome/');
    expect((await collectIn(tab)).headers['Gov-Client-Browser-JS-User-Agent']).toBe(reported);

    const desktop =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const other = await open({ ...LAPTOP, userAgent: desktop });
    expect((await collectIn(other.tab)).headers['Gov-Client-Browser-JS-User-Agent']).toBe(desktop);
  });

  it('lists every screen once window-management is granted, even mid-page', async () => {
    const { tab } = await open();
    expect((await collectIn(tab)).headers['Gov-Client-Screens']?.split(',')).toHaveLength(1);
    await grantWindowManagement(browser, tab, app.origin);
    const { headers, notes } = await collectIn(tab);
    expect(headers['Gov-Client-Screens']).toBe(
      'width=1920&height=1080&scaling-factor=2&colour-depth=30,' +
        'width=2048&height=1152&scaling-factor=1.25&colour-depth=24',
    );
    expect(notes).toEqual([]);
  });

  it('asks for the permission only when told to, and falls back when refused', async () => {
    const { tab } = await open();
    const permission = () =>
      tab.evaluate(
        async () =>
          (await navigator.permissions.query({ name: 'window-management' as PermissionName }))
            .state,
      );
    expect(await permission()).toBe('prompt');
    await collectIn(tab);
    // Without promptForScreens nobody was asked: the permission is still undecided.
    expect(await permission()).toBe('prompt');
    // Headless Chromium refuses every prompt, like a user clicking "Block".
    const { headers, notes } = await collectIn(tab, { promptForScreens: true });
    expect(headers['Gov-Client-Screens']).toBe(
      'width=1920&height=1080&scaling-factor=2&colour-depth=30',
    );
    expect(notes.map((n) => n.code)).toEqual(['SCREENS_CURRENT_ONLY']);
    expect(await permission()).toBe('denied');
  });
});

describe('Gov-Client-Timezone with an emulated timezone', () => {
  it.each([
    ['Europe/London', '2026-07-15T12:00:00Z', 'UTC+01:00'],
    ['Europe/London', '2026-01-15T12:00:00Z', 'UTC+00:00'],
    ['America/St_Johns', '2026-07-15T12:00:00Z', 'UTC-02:30'],
    ['America/St_Johns', '2026-01-15T12:00:00Z', 'UTC-03:30'],
  ])('%s on %s is %s', async (timezoneId, now, expected) => {
    const context = await browser.newContext({ ...LAPTOP, timezoneId });
    contexts.push(context);
    const tab = await context.newPage();
    await tab.clock.setFixedTime(new Date(now));
    await tab.goto(app.origin);
    expect((await collectIn(tab)).headers['Gov-Client-Timezone']).toBe(expected);
  });

  it('follows a daylight saving change without a reload', async () => {
    const context = await browser.newContext({ ...LAPTOP, timezoneId: 'America/St_Johns' });
    contexts.push(context);
    const tab = await context.newPage();
    // Clocks in St. John's go forward at 02:00 local (05:30 UTC) on 8 March 2026.
    await tab.clock.setFixedTime(new Date('2026-03-08T05:29:00Z'));
    await tab.goto(app.origin);
    expect((await collectIn(tab)).headers['Gov-Client-Timezone']).toBe('UTC-03:30');
    await tab.clock.setFixedTime(new Date('2026-03-08T05:31:00Z'));
    expect((await collectIn(tab)).headers['Gov-Client-Timezone']).toBe('UTC-02:30');
  });
});

describe('Gov-Client-Device-ID', () => {
  it('is stored in localStorage and a first-party cookie, and survives a reload', async () => {
    const { context, tab } = await open();
    const id = (await collectIn(tab)).headers[DEVICE];
    expect(id).toMatch(UUID);
    expect(await stored(tab, context)).toEqual({ local: id, cookie: id });
    const [cookie] = await context.cookies(app.origin);
    expect(cookie).toMatchObject({ sameSite: 'Lax', secure: false, path: '/', httpOnly: false });
    // Close to the 400 days browsers allow a cookie.
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(399 * 24 * 3600 * 1000);
    await tab.reload();
    expect((await collectIn(tab)).headers[DEVICE]).toBe(id);
  });

  it('is the same in a new tab of the same browser profile', async () => {
    const { context, tab } = await open();
    const id = (await collectIn(tab)).headers[DEVICE];
    const second = await context.newPage();
    await second.goto(app.origin);
    expect((await collectIn(second)).headers[DEVICE]).toBe(id);
  });

  it('differs in a new browser profile', async () => {
    const first = await open();
    const second = await open();
    const a = (await collectIn(first.tab)).headers[DEVICE];
    const b = (await collectIn(second.tab)).headers[DEVICE];
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(b).not.toBe(a);
  });

  it('is new only after both localStorage and the cookie were cleared', async () => {
    const { context, tab } = await open();
    const id = (await collectIn(tab)).headers[DEVICE];

    await tab.evaluate(() => localStorage.clear());
    await tab.reload();
    expect((await collectIn(tab)).headers[DEVICE]).toBe(id);
    expect(await stored(tab, context)).toEqual({ local: id, cookie: id });

    await context.clearCookies();
    await tab.reload();
    expect((await collectIn(tab)).headers[DEVICE]).toBe(id);
    expect(await stored(tab, context)).toEqual({ local: id, cookie: id });

    await context.clearCookies();
    await tab.evaluate(() => localStorage.clear());
    await tab.reload();
    const fresh = (await collectIn(tab)).headers[DEVICE];
    expect(fresh).toMatch(UUID);
    expect(fresh).not.toBe(id);
    expect(await stored(tab, context)).toEqual({ local: fresh, cookie: fresh });
  });

  it('is made and stored on a plain-http page, where crypto.randomUUID does not exist', async () => {
    const context = await browser.newContext(LAPTOP);
    contexts.push(context);
    const tab = await context.newPage();
    const origin = app.origin.replace('127.0.0.1', INSECURE_HOST);
    await tab.goto(origin);
    expect(await tab.evaluate(() => [isSecureContext, typeof crypto.randomUUID])).toEqual([
      false,
      'undefined',
    ]);
    const first = await collectIn(tab);
    const id = first.headers[DEVICE];
    expect(id).toMatch(UUID);
    expect(first.notes.filter((n) => n.header === DEVICE)).toEqual([]);
    await tab.reload();
    expect((await collectIn(tab)).headers[DEVICE]).toBe(id);
    const second = await browser.newContext(LAPTOP);
    contexts.push(second);
    const other = await second.newPage();
    await other.goto(origin);
    const fresh = (await collectIn(other)).headers[DEVICE];
    expect(fresh).toMatch(UUID);
    expect(fresh).not.toBe(id);
  });

  it('still gives a value for the page when storage is blocked, and says so', async () => {
    const { tab } = await open(LAPTOP, '/sandboxed');
    expect(await tab.evaluate(() => origin)).toBe('null');
    const first = await collectIn(tab);
    const id = first.headers[DEVICE];
    expect(id).toMatch(UUID);
    expect(first.notes).toContainEqual({
      header: DEVICE,
      code: 'DEVICE_ID_NOT_STORED',
      message: 'storage blocked',
    });
    expect((await collectIn(tab)).headers[DEVICE]).toBe(id);
    await tab.reload();
    const after = (await collectIn(tab)).headers[DEVICE];
    expect(after).toMatch(UUID);
    expect(after).not.toBe(id);
  });
});

describe('transport', () => {
  /** The Gov-* headers of a received request, with canonical names as collect gives them. */
  function govHeaders(request: Received, names: string[]): Record<string, unknown> {
    return Object.fromEntries(names.map((name) => [name, request.headers[name.toLowerCase()]]));
  }

  it('fphFetch sends the values collected just before the request', async () => {
    const { tab } = await open();
    const options = { headers: { 'Gov-Client-User-IDs': 'my-app=alice' } };
    await tab.setViewportSize({ width: 1200, height: 700 });
    const sent = await tab.evaluate(async (o) => {
      const response = await window.FphKit.fphFetch('/echo', { method: 'POST', body: 'x' }, o);
      return (await response.json()) as Record<string, string>;
    }, options);
    const { headers } = await collectIn(tab, options);
    expect(Object.keys(headers)).toHaveLength(6);
    expect(headers['Gov-Client-Window-Size']).toBe('width=1200&height=700');
    for (const [name, value] of Object.entries(headers))
      expect(sent[name.toLowerCase()]).toBe(value);
  });

  it('collect serves XMLHttpRequest users', async () => {
    const { tab } = await open();
    const before = app.received.length;
    await tab.evaluate(async () => {
      const { headers } = await window.FphKit.collect();
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/echo');
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      await new Promise((resolve) => {
        xhr.onload = resolve;
        xhr.send();
      });
    });
    const request = app.received.slice(before).find((r) => r.path === '/echo')!;
    const { headers } = await collectIn(tab);
    expect(govHeaders(request, Object.keys(headers))).toEqual(headers);
  });

  it('attachToForm fills fph_client as the form is sent, keeping the button used', async () => {
    const { tab } = await open(LAPTOP, '/form');
    await tab.evaluate(() => {
      window.FphKit.attachToForm(document.querySelector('form')!, {
        headers: { 'Gov-Client-User-IDs': 'my-app=alice' },
      });
    });
    await tab.setViewportSize({ width: 1100, height: 650 });
    await Promise.all([tab.waitForURL('**/submit'), tab.click('#send')]);
    const posted = app.received.filter((r) => r.path === '/submit');
    expect(posted).toHaveLength(1);
    const form = new URLSearchParams(posted[0]!.body);
    expect(form.get('reference')).toBe('VAT-2026-Q3');
    expect(form.get('action')).toBe('submit');
    const payload = JSON.parse(form.get('fph_client')!) as Record<string, string>;
    expect(payload['Gov-Client-Window-Size']).toBe('width=1100&height=650');
    expect(payload['Gov-Client-User-IDs']).toBe('my-app=alice');
    expect(payload[DEVICE]).toMatch(UUID);
    expect(Object.keys(payload).every((name) => name.startsWith('Gov-'))).toBe(true);
  });

  it('attachToForm fills a form submitted from code, with every screen once granted', async () => {
    const { tab } = await open(LAPTOP, '/form');
    await grantWindowManagement(browser, tab, app.origin);
    await tab.evaluate(async () => {
      const form = document.querySelector('form')!;
      window.FphKit.attachToForm(form);
      // What a page does after an await: by then the screen details are at hand.
      await window.FphKit.collect();
      form.submit();
    });
    await tab.waitForURL('**/submit');
    const posted = app.received.filter((r) => r.path === '/submit').at(-1)!;
    const payload = JSON.parse(new URLSearchParams(posted.body).get('fph_client')!);
    expect(payload['Gov-Client-Screens'].split(',')).toHaveLength(2);
    expect(payload['Gov-Client-Window-Size']).toBe('width=1280&height=720');
  });

  it("attachToForm lets the app's own submit handler see a fresh field, once per submission", async () => {
    const { tab } = await open(LAPTOP, '/form');
    await tab.evaluate(() => {
      const form = document.querySelector('form')!;
      window.FphKit.attachToForm(form);
      // An app that sends the form itself, as single-page apps do.
      (window as unknown as { sent: unknown[] }).sent = [];
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        (window as unknown as { sent: unknown[] }).sent.push(new FormData(form).get('fph_client'));
      });
    });
    const sent = () => tab.evaluate(() => (window as unknown as { sent: (string | null)[] }).sent);
    await tab.click('#send');
    await tab.waitForFunction(() => (window as unknown as { sent: unknown[] }).sent.length === 1);
    await tab.setViewportSize({ width: 1024, height: 600 });
    await tab.click('#send');
    await tab.waitForFunction(() => (window as unknown as { sent: unknown[] }).sent.length === 2);
    const [first, second] = (await sent()).map((v) => JSON.parse(v ?? 'null'));
    expect(first[DEVICE]).toMatch(UUID);
    expect(first['Gov-Client-Window-Size']).toBe('width=1280&height=720');
    expect(second['Gov-Client-Window-Size']).toBe('width=1024&height=600');
    expect(await sent()).toHaveLength(2);
  });

  it('attachToForm refuses wrong options at once; if they turn wrong, sends the form without a stale field and reports it', async () => {
    const { tab } = await open(LAPTOP, '/form');
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const refused = await tab.evaluate(() => {
      const form = document.querySelector('form')!;
      const attempt = (target: HTMLFormElement, options?: object) => {
        try {
          window.FphKit.attachToForm(target, options);
          return 'attached';
        } catch (e) {
          return `${(e as Error & { code: string }).code}: ${(e as Error).message}`;
        }
      };
      const outcomes = [
        attempt(form, { headers: { 'Gov-Client-User-IDs': '' } }),
        attempt(document.body as never),
      ];
      // A stale payload from an earlier submission must not be sent again.
      form.insertAdjacentHTML('beforeend', '<input type="hidden" name="fph_client" value="{}">');
      const options = { headers: { 'Gov-Client-User-IDs': 'my-app=alice' } };
      window.FphKit.attachToForm(form, options);
      options.headers['Gov-Client-User-IDs'] = 'alice\n';
      return outcomes;
    });
    // The production build names the code and where; the rule is stated in the development build.
    expect(refused).toEqual([
      'INVALID_OPTIONS: collect options: headers: Gov-Client-User-IDs',
      'INVALID_FORM: attachToForm: [object HTMLBodyElement]',
    ]);
    const before = app.received.length;
    await Promise.all([tab.waitForURL('**/submit'), tab.click('#send')]);
    const posted = app.received.slice(before).find((r) => r.path === '/submit')!;
    const form = new URLSearchParams(posted.body);
    expect(form.get('action')).toBe('submit');
    expect(form.has('fph_client')).toBe(false);
    // Reported as an uncaught error each time the submission reads the fields (Chromium does so
    // more than once).
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set(['collect options: headers: Gov-Client-User-IDs']));
  });

  it('the ESM build works from a module script as well', async () => {
    const { tab } = await open(LAPTOP, '/module');
    await tab.waitForFunction(() => document.title === 'ready');
    const { headers } = await collectIn(tab);
    expect(headers['Gov-Client-Window-Size']).toBe('width=1280&height=720');
  });

  describe('across origins (CORS)', () => {
    it('custom headers need a preflight that lists them', async () => {
      const { tab } = await open();
      const before = api.received.length;
      const ok = await tab.evaluate(async (url) => {
        const response = await window.FphKit.fphFetch(url, { method: 'POST', body: 'x' });
        return response.ok;
      }, `${api.origin}/open`);
      expect(ok).toBe(true);
      const [preflight, actual] = api.received.slice(before);
      expect(preflight?.method).toBe('OPTIONS');
      expect(preflight?.headers['access-control-request-headers']?.split(',').sort()).toEqual([
        'gov-client-browser-js-user-agent',
        'gov-client-device-id',
        'gov-client-screens',
        'gov-client-timezone',
        'gov-client-window-size',
      ]);
      expect(actual?.method).toBe('POST');
      expect(actual?.headers['gov-client-device-id']).toMatch(UUID);
    });

    it('a server that does not allow them blocks the request', async () => {
      const { tab } = await open();
      const before = api.received.length;
      const outcome = await tab.evaluate(async (url) => {
        try {
          await window.FphKit.fphFetch(url, { method: 'POST', body: 'x' });
          return 'sent';
        } catch (error) {
          return (error as Error).name;
        }
      }, `${api.origin}/strict`);
      expect(outcome).toBe('TypeError');
      expect(api.received.slice(before).map((r) => r.method)).toEqual(['OPTIONS']);
    });

    it('the fph_client field travels without a preflight', async () => {
      const { tab } = await open();
      const before = api.received.length;
      await tab.evaluate(async (url) => {
        const { headers } = await window.FphKit.collect();
        await fetch(url, {
          method: 'POST',
          body: new URLSearchParams({ reference: 'VAT-1', fph_client: JSON.stringify(headers) }),
        });
      }, `${api.origin}/form-field`);
      const requests = api.received.slice(before);
      expect(requests.map((r) => r.method)).toEqual(['POST']);
      const payload = JSON.parse(new URLSearchParams(requests[0]!.body).get('fph_client')!);
      expect(payload[DEVICE]).toMatch(UUID);
    });
  });
});

describe('the full WEB_APP_VIA_SERVER set, completed with server values', () => {
  it('passes @fph-kit/validator, with only the headless user agent advised', async () => {
    const now = new Date('2026-07-15T12:00:00.000Z');
    const context = await browser.newContext({ ...LAPTOP, timezoneId: 'Europe/London' });
    contexts.push(context);
    const tab = await context.newPage();
    await tab.clock.setFixedTime(now);
    await tab.goto(app.origin);
    // The app's own values, formatted with @fph-kit/spec (on its server, or in its bundle).
    const client = await collectIn(tab, {
      headers: {
        'Gov-Client-User-IDs': formatUserIds({ 'acme-tax': 'alice@example.com' }),
        'Gov-Client-Multi-Factor': formatMultiFactor([
          {
            type: 'TOTP',
            timestamp: new Date(now.getTime() - 20 * 60 * 1000),
            uniqueReference: await hashUniqueReference('alice-totp-1', 'acme-salt:'),
          },
        ]),
        'Gov-Vendor-Version': formatVendorVersion({ 'acme-tax-web': '3.1.0' }),
      },
    });
    // What the vendor's server adds: fixed values, as its assembler would give them (public
    // addresses outside the documentation ranges, which the validator would advise about).
    const headers = {
      ...client.headers,
      'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
      'Gov-Client-Public-IP': formatPublicIp('81.2.69.142'),
      'Gov-Client-Public-IP-Timestamp': formatTimestamp(now.getTime() - 150),
      'Gov-Client-Public-Port': formatPort(53412),
      'Gov-Vendor-Forwarded': formatVendorForwarded([{ by: '52.56.0.17', for: '81.2.69.142' }]),
      'Gov-Vendor-License-IDs': formatLicenseIds(
        await hashLicenseIds({ 'acme-tax': 'ACME-LICENCE-0042' }),
      ),
      'Gov-Vendor-Product-Name': formatProductName('Acme Tax Returns'),
      'Gov-Vendor-Public-IP': formatPublicIp('52.56.0.17'),
      'Gov-Vendor-Version': `${client.headers['Gov-Vendor-Version']}&${formatVendorVersion({ 'acme-tax-server': '5.2.0' })}`,
    };
    expect(client.headers['Gov-Client-Timezone']).toBe('UTC+01:00');
    const result = validate(headers, { now });
    expect(result.report).toEqual({
      specVersion: '3.3',
      code: 'VALID_HEADERS',
      message:
        'All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions.',
    });
    expect(result.advisories.map((a) => [a.rule, a.header])).toEqual([
      ['client-browser-js-user-agent.headless', 'gov-client-browser-js-user-agent'],
    ]);
  });
});

describe('the example page (apps/demo/public/collect.html)', () => {
  it('shows every collected value and the notes', async () => {
    const { tab } = await open(LAPTOP, '/collect.html');
    await tab.waitForSelector('body[data-state="ready"]');
    const shown = await tab.$$eval('#headers tbody tr', (rows) =>
      rows.map((row) => [
        row.getAttribute('data-header'),
        row.querySelector('.value')?.textContent,
      ]),
    );
    const id = await tab.evaluate(() => localStorage.getItem('fph-device-id'));
    expect(Object.fromEntries(shown)).toEqual({
      'Gov-Client-Browser-JS-User-Agent': await tab.evaluate(() => navigator.userAgent),
      'Gov-Client-Device-ID': id,
      'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=2&colour-depth=30',
      'Gov-Client-Timezone': expect.stringMatching(/^UTC[+-]\d\d:\d\d$/),
      'Gov-Client-Window-Size': 'width=1280&height=720',
      'Gov-Vendor-Version': 'fph-kit-demo=0.1.0',
    });
    expect(await tab.$$eval('#notes li', (items) => items.map((li) => li.dataset.code))).toEqual([
      'SCREENS_CURRENT_ONLY',
    ]);
    const payload = JSON.parse((await tab.textContent('#payload')) ?? '');
    expect(payload['Gov-Client-Device-ID']).toBe(id);
  });
});
