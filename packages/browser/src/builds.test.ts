import { installFakeBrowser } from '@fph-kit/test-support/fake-browser';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundle } from '../build.mjs';
import type * as Api from './index.js';

type Mode = 'production' | 'development';

/** The IIFE bundle of `mode`, run as a script tag would run it: its global `FphKit`. */
async function load(mode: Mode): Promise<typeof Api> {
  const { code } = await bundle('iife', mode);
  return new Function(`${code};return FphKit;`)() as typeof Api;
}

/** `code: message` of what `run` throws or rejects with. */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return `${(error as Api.BrowserError).code}: ${(error as Error).message}`;
  }
  throw new Error('expected a failure');
}

const kits = {} as Record<Mode, typeof Api>;
beforeAll(async () => {
  kits.production = await load('production');
  kits.development = await load('development');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the production and development builds', () => {
  it('export the same API', () => {
    expect(Object.keys(kits.production).sort()).toEqual(Object.keys(kits.development).sort());
  });

  it.each([
    [
      { promptForScreens: 'yes' },
      'INVALID_OPTIONS: collect options: promptForScreens',
      'INVALID_OPTIONS: collect options: promptForScreens must be true or false',
    ],
    [
      { headers: { 'Gov-Client-User-IDs': 'os=al\u00efce' } },
      'INVALID_OPTIONS: collect options: headers: Gov-Client-User-IDs',
      'INVALID_OPTIONS: collect options: headers: Gov-Client-User-IDs must be a formatted value (printable ASCII)',
    ],
    [
      { prompt: true },
      'INVALID_OPTIONS: collect options: prompt',
      'INVALID_OPTIONS: collect options: prompt is not one of headers,promptForScreens',
    ],
    [
      'yes',
      'INVALID_OPTIONS: collect options: not an object',
      'INVALID_OPTIONS: collect options: must be an object',
    ],
  ])(
    'refuse %j with the same code; only development states the rule',
    async (options, production, development) => {
      installFakeBrowser();
      const collect = (mode: Mode) => kits[mode].collect(options as Api.CollectOptions);
      expect(await failure(() => collect('production'))).toBe(production);
      expect(await failure(() => collect('development'))).toBe(development);
    },
  );

  it("name the refused value in a note; development adds the formatter's rule", async () => {
    installFakeBrowser({ screen: { width: 0, height: 900, devicePixelRatio: 2, colorDepth: 30 } });
    const notes = async (mode: Mode) =>
      (await kits[mode].collect()).notes.filter((n) => n.code === 'UNAVAILABLE');
    expect(await notes('production')).toEqual([
      { header: 'Gov-Client-Screens', code: 'UNAVAILABLE', message: 'screens[0].width: got 0' },
    ]);
    expect(await notes('development')).toEqual([
      {
        header: 'Gov-Client-Screens',
        code: 'UNAVAILABLE',
        message: 'screens[0].width: must be a positive whole number, got 0',
      },
    ]);
  });

  it('collect the same headers', async () => {
    const fake = installFakeBrowser();
    const production = await kits.production.collect();
    fake.storage.clear();
    fake.cookies.clear();
    const development = await kits.development.collect();
    const { 'Gov-Client-Device-ID': a, ...rest } = production.headers;
    const { 'Gov-Client-Device-ID': b, ...others } = development.headers;
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual(others);
    expect(Object.keys(rest)).toHaveLength(4);
  });

  it('leave no rule text in the production build', async () => {
    const { code } = await bundle('esm');
    for (const rule of ['must be', 'printable ASCII', 'is not one of', 'needs an array']) {
      expect(code).not.toContain(rule);
    }
    expect((await bundle('esm', 'development')).code).toContain('printable ASCII');
  });
});
