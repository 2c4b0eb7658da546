import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as FphKit from '@fph-kit/browser';
import { type Browser, chromium, type Page } from 'playwright-core';
// The browser package's own build options (its build script, not its sources), so the bundles
// tested are exactly those `pnpm build` makes.
import { bundle } from '../../../packages/browser/build.mjs';

declare global {
  interface Window {
    FphKit: typeof FphKit;
  }
}

/**
 * Two emulated screens, sizes in device pixels: a 4K primary at scaling factor 2 (1920x1080 CSS
 * pixels, which contexts may emulate smaller) and a 1440p screen at 1.25 (2048x1152 CSS pixels).
 * The primary must be at least as large as any viewport, or Chromium moves the window off it.
 */
export const SCREEN_INFO =
  '{0,0 3840x2160 devicePixelRatio=2 colorDepth=30}{1920,0 2560x1440 devicePixelRatio=1.25 colorDepth=24}';

/** A host name Chromium resolves to 127.0.0.1 without treating it as loopback. */
export const INSECURE_HOST = 'insecure.fph-kit.test';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--screen-info=${SCREEN_INFO}`,
      // A name for loopback that is not one: pages served under it are not a secure context, as
      // a plain-http page on a real host is not (no crypto.randomUUID there).
      `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
    ],
  });
}

/**
 * The package's bundle exactly as `pnpm build` makes it, built in memory from the sources: the
 * production build unless `mode` says `development`. Without the source map comment.
 */
export async function bundleText(
  format: 'esm' | 'iife',
  mode: 'production' | 'development' = 'production',
): Promise<string> {
  return (await bundle(format, mode)).code;
}

/** The production ESM bundle an app ships when it imports only `names` (tree-shaken). */
export async function appBundleText(names: string[]): Promise<string> {
  return (await bundle('esm', 'production', names)).code;
}

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Route {
  status?: number;
  type?: string;
  headers?: Record<string, string>;
  body?: string;
}

export type Handler = (request: Received) => Route;

export interface TestServer {
  origin: string;
  /** Every request the server answered, in order. */
  received: Received[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1, port 0, answering from a table of paths. */
export async function startServer(routes: Record<string, Route | Handler>): Promise<TestServer> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const entry = routes[url.pathname];
      const route: Route =
        typeof entry === 'function'
          ? entry(request)
          : (entry ?? { status: 404, type: 'text/plain', body: 'not found' });
      res.writeHead(route.status ?? 200, {
        'content-type': route.type ?? 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...route.headers,
      });
      res.end(route.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A page that loads the IIFE bundle and nothing else. */
export function page(body = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>fph-kit</title><script src="/fph-kit.iife.js"></script></head><body>${body}</body></html>`;
}

/** Reads a file of the demo app's public folder. */
export function demoFile(name: string): Promise<string> {
  return readFile(new URL(`../../../apps/demo/public/${name}`, import.meta.url), 'utf8');
}

/**
 * Grants `window-management` to an origin, as a user accepting the prompt does, in the context of
 * `tab`. Call it once the tab exists: Playwright resets permissions when it sets up a new page.
 */
export async function grantWindowManagement(
  browser: Browser,
  tab: Page,
  origin: string,
): Promise<void> {
  const session = await tab.context().newCDPSession(tab);
  const { targetInfo } = (await session.send('Target.getTargetInfo')) as {
    targetInfo: { browserContextId: string };
  };
  await session.detach();
  const browserSession = await browser.newBrowserCDPSession();
  await browserSession.send('Browser.setPermission', {
    permission: { name: 'window-management' },
    setting: 'granted',
    origin,
    browserContextId: targetInfo.browserContextId,
  });
  // Not detached: Chromium drops a session's permission overrides when the session ends.
}

/** `collect(options)` run inside the page. */
export function collectIn(
  target: Page,
  options?: FphKit.CollectOptions,
): Promise<FphKit.CollectResult> {
  return target.evaluate((o) => window.FphKit.collect(o), options);
}
