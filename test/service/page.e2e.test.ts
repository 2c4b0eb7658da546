import { mkdirSync } from 'node:fs';
import { HmrcSim } from '@fph-kit/test-support/hmrc-sim';
import { validate } from '@fph-kit/validator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalUpstream,
  launchChromium,
  ROOT,
  type RunningServe,
  startLocalUpstream,
  startServe,
} from './harness.ts';

/**
 * The web page in headless Chromium, as a person uses it: paste a set and read the verdict, ask
 * what this browser would send, do it all from the keyboard, look at the gateway's recordings.
 */

const SCREENSHOT = `${ROOT}test/.artifacts/validator-page.png`;

/** A web app's request as its server would send it, with two faults (timezone, no version). */
function pastedSet(now: number): Record<string, string> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
    'Gov-Client-Browser-JS-User-Agent':
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Gov-Client-Device-ID': '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34',
    'Gov-Client-Multi-Factor': `type=TOTP&timestamp=${encodeURIComponent(iso(now - 90_000))}&unique-reference=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8`,
    'Gov-Client-Public-IP': '81.2.69.142',
    'Gov-Client-Public-IP-Timestamp': iso(now - 1_500),
    'Gov-Client-Public-Port': '53124',
    'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=24',
    'Gov-Client-Timezone': 'Europe/London',
    'Gov-Client-User-IDs': 'acme-books=j.smith%40acme-books.co.uk',
    'Gov-Client-Window-Size': 'width=1536&height=731',
    'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142',
    'Gov-Vendor-License-IDs':
      'acme-books=3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    'Gov-Vendor-Product-Name': 'Acme%20Books',
    'Gov-Vendor-Public-IP': '51.140.12.7',
  };
}

const asBlock = (set: Record<string, string>, requestLine: string): string =>
  [requestLine, ...Object.entries(set).map(([name, value]) => `${name}: ${value}`)].join('\n');

let upstream: LocalUpstream;
let serve: RunningServe;
let browser: Browser;

beforeAll(async () => {
  upstream = await startLocalUpstream();
  serve = await startServe(['--port', '0', '--upstream', upstream.url]);
  browser = await launchChromium();
  // Sandbox traffic through the gateway, for the recorded endpoints.
  const set = pastedSet(Date.now());
  const { 'Gov-Client-Timezone': _faulty, ...rest } = set;
  await fetch(
    `${serve.url}/organisations/vat/564738291/obligations?from=2026-01-01&to=2026-12-31`,
    {
      headers: {
        ...set,
        'Gov-Client-Timezone': 'UTC+00:00',
        'Gov-Vendor-Version': 'acme-books-web=4.12.0',
      },
    },
  );
  await fetch(`${serve.url}/organisations/vat/564738291/returns`, {
    method: 'POST',
    headers: { ...rest, 'Content-Type': 'application/json' },
    body: '{"periodKey":"26A4"}',
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
  await upstream?.close();
});

/** A new tab that records console errors and CSP violations. */
async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${serve.url}/`);
  return { page, problems };
}

describe('the validator page in Chromium', () => {
  it('validates a pasted set: each header with its verdict, fix hints, HMRC JSON; saves a screenshot', async () => {
    const { page, problems } = await open();
    const set = pastedSet(Date.now());
    delete set['Gov-Vendor-Version'];
    await page.fill(
      '#headers-text',
      asBlock(set, 'POST /organisations/vat/564738291/returns HTTP/1.1'),
    );
    await page.getByRole('button', { name: 'Validate', exact: true }).click();
    const status = page.locator('#status');
    await status.filter({ hasText: 'Validated 1 header set' }).waitFor();
    expect(await status.textContent()).toBe(
      'Validated 1 header set: INVALID_HEADERS, 2 errors, 0 warnings, 0 advisories.',
    );

    const rows = page.locator('#results table.headers tbody tr');
    expect(await rows.count()).toBe(16);
    const timezone = rows.filter({ hasText: 'gov-client-timezone' });
    expect(await timezone.locator('.badge').textContent()).toBe('Error');
    expect(await timezone.textContent()).toContain(
      'Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>',
    );
    expect(await timezone.locator('.hint').textContent()).toMatch(
      /^Send the current offset as UTC/,
    );
    expect(await timezone.locator('.hint a').getAttribute('href')).toContain(
      '/connection-method/web-app-via-server/#gov-client-timezone',
    );
    const version = rows.filter({ hasText: 'gov-vendor-version' });
    expect(await version.locator('.badge').textContent()).toBe('Missing');
    expect(await version.textContent()).toContain('not sent');
    expect(
      await rows.filter({ hasText: 'gov-client-device-id' }).locator('.badge').textContent(),
    ).toBe('Valid');

    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    await page.getByText("HMRC's answer as JSON").click();
    const json = await page.locator('#results details pre').first().textContent();
    expect(JSON.parse(json!)).toEqual(validate(set).report);

    mkdirSync(`${ROOT}test/.artifacts`, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows what this browser would send and judges it as the client part of a web app', async () => {
    const { page, problems } = await open();
    await page.getByRole('button', { name: 'What this browser would send' }).click();
    await page.getByRole('heading', { name: 'What this browser would send' }).waitFor();
    const rows = page.locator('#results table.headers tbody tr');
    const names = await rows.locator('th').allTextContents();
    expect(names).toEqual(
      expect.arrayContaining([
        'gov-client-browser-js-user-agent',
        'gov-client-device-id',
        'gov-client-screens',
        'gov-client-timezone',
        'gov-client-window-size',
      ]),
    );
    const userAgent = await page.evaluate(() => navigator.userAgent);
    expect(
      await rows
        .filter({ hasText: 'gov-client-browser-js-user-agent' })
        .locator('td.value')
        .textContent(),
    ).toBe(userAgent);
    expect(
      await rows.filter({ hasText: 'gov-client-window-size' }).locator('td.value').textContent(),
    ).toBe('width=1280&height=900');
    expect(await page.locator('#results').textContent()).toContain('Gov-Client-Public-IP');
    // Headless Chromium says so in its user agent, which HMRC's reviewers would question.
    expect(await page.locator('#status').textContent()).toMatch(
      /^Collected \d+ headers in this browser; all valid, 1 advisory\.$/,
    );
    expect(
      await rows.filter({ hasText: 'gov-client-browser-js-user-agent' }).textContent(),
    ).toContain('Advisory: Value is the user agent of a headless or automated browser.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone', async () => {
    const { page, problems } = await open();
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.className);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('skip');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('headers-text');
    await page.keyboard.insertText(
      asBlock(pastedSet(Date.now()), 'GET /organisations/vat/564738291/obligations HTTP/1.1'),
    );
    await page.keyboard.press('Control+Enter');
    await page.locator('#status').filter({ hasText: 'Validated 1 header set' }).waitFor();
    expect(await focused()).toBe('results');

    // Tab order reaches the example and this-browser buttons; Enter and Space press them.
    await page.focus('#method');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('validate');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('example');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#headers-text')).toContain('Gov-Client-Timezone: Europe/London');
    await page.focus('#example');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('this-browser');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'What this browser would send' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lists the gateway's recorded endpoints with their validation feedback and the evidence page", async () => {
    const { page, problems } = await open();
    const recorded = page.locator('#recorded');
    await recorded.getByText('/organisations/vat/564738291/returns').waitFor();
    expect(await recorded.textContent()).toContain('GET /organisations/vat/564738291/obligations');
    await page.getByRole('button', { name: 'Show validation feedback for vat-mtd' }).click();
    const feedback = await recorded.locator('pre').textContent();
    const body = JSON.parse(feedback!) as { requests: { path: string; code: string }[] };
    expect(body.requests.map((r) => [r.path, r.code])).toEqual([
      ['/organisations/vat/564738291/returns', 'INVALID_HEADERS'],
      ['/organisations/vat/564738291/obligations', 'VALID_HEADERS'],
    ]);
    await page.getByRole('link', { name: 'Printable evidence' }).click();
    await page.getByRole('heading', { name: 'Fraud prevention header evidence' }).waitFor();
    expect(await page.locator('.summary').textContent()).toContain('2 endpoints: 1 valid');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("compares a pasted set with HMRC's Test API when credentials are set", async () => {
    const sim = await new HmrcSim({
      clientId: 'page-test-app',
      clientSecret: 'page-test-secret-81f3',
    }).start();
    const withHmrc = await startServe(['--port', '0', '--upstream', upstream.url], {
      env: {
        HMRC_CLIENT_ID: 'page-test-app',
        HMRC_CLIENT_SECRET: 'page-test-secret-81f3',
        HMRC_BASE_URL: sim.baseUrl,
      },
    });
    const page = await browser.newPage();
    try {
      await page.goto(`${withHmrc.url}/`);
      const set = pastedSet(Date.now());
      await page.fill(
        '#headers-text',
        asBlock(set, 'GET /organisations/vat/564738291/obligations HTTP/1.1'),
      );
      expect(await page.locator('#compare').isHidden()).toBe(true);
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      await page.getByRole('button', { name: "Compare with HMRC's Test API" }).click();
      await page.getByRole('heading', { name: "Compared with HMRC's Test API" }).waitFor();
      // The stand-in answers with HMRC's OpenAPI example (spec 3.1, VALID_HEADERS).
      const differences = await page.locator('#results section.set li').allTextContents();
      expect(differences).toContain('specVersion: fph-kit says "3.3", HMRC says "3.1"');
      expect(
        differences.some((d) =>
          d.startsWith('only fph-kit reports INVALID_HEADER on gov-client-timezone'),
        ),
      ).toBe(true);
      const sent = sim.requests.find((r) => r.endpoint === 'validate');
      expect(sent?.headers['gov-client-timezone']).toBe('Europe/London');
      expect(withHmrc.stdout() + withHmrc.stderr()).not.toContain('page-test-secret-81f3');
    } finally {
      await page.close();
      expect(await withHmrc.stop()).toBe(0);
      await sim.close();
    }
  });

  it('asks for the service token when the service answers 401, then shows the records with it', async () => {
    const token = 'c0ffee00d15ea5e5b16b00b5facade42';
    const guarded = await startServe(
      ['--port', '0', '--host', '0.0.0.0', '--upstream', upstream.url],
      {
        env: { FPH_SERVICE_TOKEN: token },
      },
    );
    const local = guarded.url.replace('0.0.0.0', '127.0.0.1');
    const page = await browser.newPage();
    const prompts: string[] = [];
    page.on('dialog', (dialog) => {
      prompts.push(dialog.message());
      void dialog.accept(token);
    });
    try {
      const through = await fetch(`${local}/organisations/vat/564738291/liabilities`, {
        headers: pastedSet(Date.now()),
      });
      expect(through.status).toBe(200);
      await page.goto(`${local}/`);
      const recorded = page.locator('#recorded');
      await recorded.getByText('/organisations/vat/564738291/liabilities').waitFor();
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toContain('Enter the service token');
      await page.getByRole('button', { name: 'Show validation feedback for vat-mtd' }).click();
      const body = JSON.parse((await recorded.locator('pre').textContent())!) as {
        requests: { path: string }[];
      };
      expect(body.requests.map((r) => r.path)).toEqual([
        '/organisations/vat/564738291/liabilities',
      ]);
      const [evidence] = await Promise.all([
        page.waitForEvent('popup'),
        page.getByRole('link', { name: 'Printable evidence' }).click(),
      ]);
      await evidence.getByRole('heading', { name: 'Fraud prevention header evidence' }).waitFor();
      expect(await evidence.locator('.summary').textContent()).toContain('1 endpoints');
      expect(prompts).toHaveLength(1);
    } finally {
      await page.close();
      expect(await guarded.stop()).toBe(0);
    }
  });
});
