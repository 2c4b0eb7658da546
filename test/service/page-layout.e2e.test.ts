import { mkdirSync } from 'node:fs';
import { grantWindowManagement } from '@fph-kit/test-support/browser-harness';
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
 * The web page at phone and desktop widths: no sideways scrolling once a set of long values is
 * shown, rows stacked on narrow screens, values broken after their separators; and "What this
 * browser would send" saying plainly that only the current screen was reported, and how to get
 * the others. Screenshots go to test/.artifacts, beside the page test's.
 */

const ARTIFACTS = `${ROOT}test/.artifacts`;
const HASH = 'a3f1c9e27b5d48f0c6e1b2d3a4f5968778a9b0c1d2e3f40516273849aabbccdd';
const REQUEST_LINE =
  'POST /individuals/business/self-employment/AA123456A/XAIS12345678901/period/2026-27/cumulative HTTP/1.1';

/** A web app's request with values as long as real ones get: two factors, screens, licences. */
function longSet(now: number): Record<string, string> {
  const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
  return {
    'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
    'Gov-Client-Browser-JS-User-Agent':
      'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro Build/AP2A.240905.003) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36',
    'Gov-Client-Device-ID': '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34',
    'Gov-Client-Multi-Factor': `type=TOTP&timestamp=${iso(now - 90_000)}&unique-reference=${HASH},type=AUTH_CODE&timestamp=${iso(now - 60_000)}&unique-reference=${HASH.replace('a3', 'b4')}`,
    'Gov-Client-Public-IP': '2a00:23c8:1b0a:4e01:9d4c:7f2e:31a8:c6b5',
    'Gov-Client-Public-IP-Timestamp': new Date(now - 1_500).toISOString(),
    'Gov-Client-Public-Port': '53124',
    'Gov-Client-Screens':
      'width=1920&height=1080&scaling-factor=1&colour-depth=24,width=2560&height=1440&scaling-factor=1.25&colour-depth=30',
    'Gov-Client-Timezone': 'UTC+00:00',
    'Gov-Client-User-IDs':
      'acme-books=j.smith%40acme-books.co.uk&acme-identity=0b7c2f9e-4d1a-4c8b-9e3f-6a5d2c1b0e97',
    'Gov-Client-Window-Size': 'width=1536&height=731',
    'Gov-Vendor-Forwarded':
      'by=51.140.12.7&for=2a00%3A23c8%3A1b0a%3A4e01%3A9d4c%3A7f2e%3A31a8%3Ac6b5',
    'Gov-Vendor-License-IDs': `acme-books-professional=${HASH}&acme-tax-engine=${HASH.replace('a3', 'c5')}`,
    'Gov-Vendor-Product-Name': 'Acme%20Books%20Online%20Self%20Assessment',
    'Gov-Vendor-Public-IP': '51.140.12.7',
    'Gov-Vendor-Version':
      'acme-books-web=4.12.0-rc.3&acme-books-api=4.12.3&acme-tax-engine=2026.11.2',
  };
}

/** Headers whose every part between separators fits a phone's line, so none may be split. */
const PARTS_WHOLE = [
  'gov-client-connection-method',
  'gov-client-screens',
  'gov-client-user-ids',
  'gov-client-window-size',
  'gov-vendor-version',
];

let upstream: LocalUpstream;
let serve: RunningServe;
let browser: Browser;

beforeAll(async () => {
  upstream = await startLocalUpstream();
  serve = await startServe(['--port', '0', '--upstream', upstream.url]);
  browser = await launchChromium();
  // A recorded endpoint with a long path, for the gateway's table.
  const through = await fetch(
    `${serve.url}/individuals/business/self-employment/AA123456A/XAIS12345678901/period/2026-27/cumulative`,
    { method: 'POST', headers: longSet(Date.now()), body: '{}' },
  );
  expect(through.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
  await upstream?.close();
});

/** A tab of the given size that records console errors and CSP violations. */
async function open(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${serve.url}/`);
  return { page, problems };
}

/** The page's widths: what it scrolls to against the window. */
const widths = (page: Page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    window: window.innerWidth,
  }));

/** Pastes the long set, validates it, and waits for the gateway's table too. */
async function validateLongSet(page: Page): Promise<void> {
  const set = longSet(Date.now());
  const block = [REQUEST_LINE, ...Object.entries(set).map(([n, v]) => `${n}: ${v}`)].join('\n');
  await page.fill('#headers-text', block);
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.locator('#status').filter({ hasText: 'Validated 1 header set' }).waitFor();
  await page.locator('#recorded table').waitFor();
  // Every value shown as sent: the line-break opportunities add no text.
  const rows = page.locator('#results table.headers tbody tr');
  expect(await rows.count()).toBe(Object.keys(set).length);
  for (const [name, value] of Object.entries(set)) {
    const row = rows.filter({
      has: page.locator('th', { hasText: new RegExp(`^${name.toLowerCase()}$`) }),
    });
    expect(await row.locator('td.value').textContent(), name).toBe(value);
  }
}

/** The parts of a header's value (text between separators) that a line break cut. */
function splitParts(page: Page, header: string): Promise<string[]> {
  return page.evaluate((name) => {
    const rows = Array.from(document.querySelectorAll('#results table.headers tbody tr'));
    const row = rows.find((r) => r.querySelector('th')?.textContent === name);
    const parts = Array.from(row?.querySelectorAll('td.value .part') ?? []);
    if (parts.length === 0) return [`no parts shown for ${name}`];
    return parts
      .filter((part) => {
        const range = document.createRange();
        range.selectNodeContents(part);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1;
      })
      .map((part) => part.textContent ?? '');
  }, header);
}

describe('the validator page on narrow and wide screens', () => {
  it.each([
    [360, 740],
    [390, 844],
  ])(
    'at %ix%i: no sideways scrolling, rows stacked, values broken after separators',
    async (width, height) => {
      const { page, problems } = await open(width, height);
      await validateLongSet(page);
      expect(await widths(page)).toEqual({ scroll: width, window: width });

      // Stacked: each row's header, value and verdict one under the other, each as wide as the row.
      const row = page.locator('#results table.headers tbody tr').first();
      const [name, value, verdict] = await Promise.all(
        ['th', 'td.value', 'td:last-child'].map(
          async (cell) => (await row.locator(cell).boundingBox())!,
        ),
      );
      expect(value!.y).toBeGreaterThanOrEqual(name!.y + name!.height - 1);
      expect(verdict!.y).toBeGreaterThanOrEqual(value!.y + value!.height - 1);
      expect(value!.width).toBeGreaterThan(width * 0.8);
      for (const header of PARTS_WHOLE) expect(await splitParts(page, header), header).toEqual([]);
      // The gateway's table stacks too.
      const endpoint = (await page.locator('#recorded td.value').first().boundingBox())!;
      expect(endpoint.width).toBeGreaterThan(width * 0.8);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({
        path: `${ARTIFACTS}/validator-page-${width}x${height}.png`,
        fullPage: true,
      });
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it.each([
    [1280, 900],
    [800, 900],
  ])('at %ix%i: a table of three columns, no sideways scrolling', async (width, height) => {
    const { page, problems } = await open(width, height);
    await validateLongSet(page);
    expect(await widths(page)).toEqual({ scroll: width, window: width });
    const row = page.locator('#results table.headers tbody tr').first();
    const [name, value, verdict] = await Promise.all(
      ['th', 'td.value', 'td:last-child'].map(
        async (cell) => (await row.locator(cell).boundingBox())!,
      ),
    );
    expect(value!.y).toBe(name!.y);
    expect(verdict!.y).toBe(name!.y);
    expect(value!.x).toBeGreaterThanOrEqual(name!.x + name!.width);
    // Wide enough for the connection method on one line (it broke mid-word when squeezed).
    expect(await splitParts(page, 'gov-client-connection-method')).toEqual([]);
    expect(await page.locator('#results table.headers thead').isVisible()).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: `${ARTIFACTS}/validator-page-${width}x${height}.png`,
      fullPage: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('what this browser would send, about its screens', () => {
  const screensRow = (page: Page) =>
    page
      .locator('#results table.headers tbody tr')
      .filter({ has: page.locator('th', { hasText: 'gov-client-screens' }) });

  it('says only the current screen was reported and how to report the others, not that it was not collected', async () => {
    const { page, problems } = await open(390, 844);
    await page.getByRole('button', { name: 'What this browser would send' }).click();
    await page.getByRole('heading', { name: 'What this browser would send' }).waitFor();
    const row = screensRow(page);
    expect(await row.locator('.badge').textContent()).toBe('Valid');
    const current = await page.evaluate(
      () =>
        `width=${screen.width}&height=${screen.height}&scaling-factor=${devicePixelRatio}&colour-depth=${screen.colorDepth}`,
    );
    expect(await row.locator('td.value').textContent()).toBe(current);
    expect(await row.locator('.note').textContent()).toBe(
      'Note: Only the screen this window is on was reported: this page does not have the Window Management permission. collect({ promptForScreens: true }) asks for it (through getScreenDetails()); once the user allows it, every screen is reported.Ask for every screen',
    );
    // Nothing is listed as not collected: every header the browser gives was collected.
    expect(await page.locator('#results').textContent()).not.toContain(
      'What could not be collected',
    );
    expect(await widths(page)).toEqual({ scroll: 390, window: 390 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({
      path: `${ARTIFACTS}/validator-page-this-browser-390x844.png`,
      fullPage: true,
    });

    // Asked, headless Chromium refuses (as a user clicking "Block"): the note says so, no button.
    await row.getByRole('button', { name: 'Ask for every screen' }).click();
    await screensRow(page).locator('.note', { hasText: 'was refused' }).waitFor();
    expect(await screensRow(page).locator('.note').textContent()).toBe(
      "Note: Only the screen this window is on was reported: this page's Window Management permission was refused. Allow it in the browser's site settings, then press What this browser would send again.",
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reports every screen, with no note, once the permission is granted', async () => {
    const { page, problems } = await open(1280, 900);
    await grantWindowManagement(browser, page, serve.url);
    await page.getByRole('button', { name: 'What this browser would send' }).click();
    await page.getByRole('heading', { name: 'What this browser would send' }).waitFor();
    const row = screensRow(page);
    // The emulated second screen (1440p at 1.25) beside the one the window is on.
    const screens = (await row.locator('td.value').textContent())!.split(',');
    expect(screens).toHaveLength(2);
    expect(screens[1]).toBe('width=2048&height=1152&scaling-factor=1.25&colour-depth=24');
    expect(await row.locator('.note').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
