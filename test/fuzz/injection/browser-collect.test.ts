import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anyValue, HEADER_SAFE, nastyNumber, nastyString } from './adversarial.ts';

/**
 * The browser collector's formatting path, run in Node over stand-ins for the browser globals it
 * reads: a browser (or an extension tampering with it) that reports CR/LF, NUL or non-ASCII in its
 * user agent, stored device ID or cookie, and absurd screen numbers, still gives printable
 * US-ASCII header values. Hostile header values or names from the app are refused with a
 * BrowserError, never passed on.
 */

const RUNS = 300;

afterEach(() => {
  vi.unstubAllGlobals();
});

const hostileBrowser = fc.record({
  userAgent: nastyString,
  stored: fc.oneof(
    nastyString,
    fc.uuid().map((u) => `${u}\r\nX-Injected: 1`),
  ),
  cookie: nastyString,
  innerWidth: nastyNumber,
  innerHeight: nastyNumber,
  devicePixelRatio: nastyNumber,
  screen: fc.record({ width: nastyNumber, height: nastyNumber, colorDepth: nastyNumber }),
  screens: fc.option(
    fc.array(
      fc.record({
        width: nastyNumber,
        height: nastyNumber,
        devicePixelRatio: nastyNumber,
        colorDepth: nastyNumber,
      }),
      { maxLength: 3 },
    ),
  ),
  permission: fc.constantFrom('granted', 'prompt', 'denied'),
});

type Browser = typeof hostileBrowser extends fc.Arbitrary<infer T> ? T : never;

function install(b: Browser): void {
  const storage = new Map([['fph-device-id', b.stored]]);
  let cookie = `fph_device_id=${b.cookie}`;
  const win: Record<string, unknown> = {
    innerWidth: b.innerWidth,
    innerHeight: b.innerHeight,
    devicePixelRatio: b.devicePixelRatio,
    screen: b.screen,
  };
  if (b.screens !== null) {
    const screens = b.screens;
    win.getScreenDetails = async () => ({ screens });
  }
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', {
    userAgent: b.userAgent,
    permissions: { query: async () => ({ state: b.permission }) },
  });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, String(value)),
  });
  vi.stubGlobal('document', {
    get cookie(): string {
      return cookie;
    },
    set cookie(text: string) {
      cookie = text.split(';')[0]!;
    },
  });
  vi.stubGlobal('location', { protocol: 'https:' });
}

/** A fresh copy of the collector (its per-page caches start empty). */
async function freshCollector() {
  vi.resetModules();
  return import('@fph-kit/browser');
}

describe('the browser collector', () => {
  it('gives printable US-ASCII headers whatever the browser reports', async () => {
    let collected = 0;
    await fc.assert(
      fc.asyncProperty(hostileBrowser, async (b) => {
        install(b);
        const { collect } = await freshCollector();
        const { headers } = await collect();
        for (const [name, value] of Object.entries(headers)) {
          expect(name).toMatch(/^Gov-Client-[A-Za-z-]+$/);
          expect(value, name).toMatch(HEADER_SAFE);
        }
        collected++;
        vi.unstubAllGlobals();
      }),
      { numRuns: RUNS },
    );
    expect(collected).toBe(RUNS);
  });

  it("passes the app's header values on only when they are safe, else refuses them", async () => {
    let passed = 0;
    let refused = 0;
    const name = fc.oneof(
      fc.constantFrom('Gov-Client-User-IDs', 'Gov-Client-Multi-Factor', 'Gov-Vendor-Version'),
      fc.constantFrom('Gov-Client-Screens', 'gov-client-user-ids', '__proto__', ''),
      nastyString,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            headers: fc.oneof(
              fc.dictionary(name, fc.oneof(nastyString, anyValue), { maxKeys: 3 }),
              anyValue,
            ),
            promptForScreens: anyValue,
          },
          { requiredKeys: [] },
        ),
        async (options) => {
          install({
            userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36',
            stored: '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34',
            cookie: '',
            innerWidth: 1256,
            innerHeight: 803,
            devicePixelRatio: 1,
            screen: { width: 1920, height: 1080, colorDepth: 24 },
            screens: null,
            permission: 'prompt',
          });
          const { collect, isBrowserError } = await freshCollector();
          try {
            const { headers } = await collect(options as Parameters<typeof collect>[0]);
            for (const [header, value] of Object.entries(headers)) {
              expect(header).toMatch(/^Gov-(Client-[A-Za-z-]+|Vendor-Version)$/);
              expect(value).toMatch(HEADER_SAFE);
            }
            // What the app gave is sent exactly as given.
            const given = (options.headers ?? {}) as Record<string, unknown>;
            const sent: Readonly<Record<string, string>> = headers;
            for (const [header, value] of Object.entries(given)) expect(sent[header]).toBe(value);
            passed++;
          } catch (error) {
            expect(isBrowserError(error) && error.code, String(error)).toBe('INVALID_OPTIONS');
            refused++;
          } finally {
            vi.unstubAllGlobals();
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(passed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
