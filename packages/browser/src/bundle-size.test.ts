import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundle as build } from '../build.mjs';

/**
 * Ceilings, in gzipped bytes, guarding against growth (README, "Size"), for the production build.
 * The target for collect, device ID and transport is 2,000 bytes: FULL_BUDGET is the whole
 * ESM bundle, everything the package exports; FETCH_APP_BUDGET what an app importing only `collect`
 * and `fphFetch` ships. `pnpm bench browser` reports both against the target.
 */
const FULL_BUDGET = 2_180;
const FETCH_APP_BUDGET = 2_025;

async function bundle(format: 'esm' | 'iife'): Promise<string> {
  return (await build(format)).code;
}

/** The ESM bundle an app ships when it imports only `names`. */
async function importing(names: string[]): Promise<string> {
  return (await build('esm', 'production', names)).code;
}

const gzipped = (code: string): number => gzipSync(code, { level: 9 }).length;

describe('bundle size', () => {
  it(`keeps the gzipped ESM bundle within ${FULL_BUDGET} bytes`, async () => {
    const code = await bundle('esm');
    expect(code).toContain('fph_client');
    expect(gzipped(code)).toBeLessThanOrEqual(FULL_BUDGET);
  });

  it(`keeps collect with fphFetch within ${FETCH_APP_BUDGET} bytes, without the form helpers`, async () => {
    const code = await importing(['collect', 'fphFetch']);
    expect(code).toContain('Gov-Client-Device-ID');
    for (const formOnly of ['formdata', 'HTMLFormElement', 'fph_client']) {
      expect(code).not.toContain(formOnly);
    }
    expect(gzipped(code)).toBeLessThanOrEqual(FETCH_APP_BUDGET);
  });

  it('tree-shakes what the collector does not use from @fph-kit/spec', async () => {
    const code = await bundle('esm');
    // The header catalogue, the connection-method matrix, the decoders and parsers, the hashing
    // helpers, the formatters of app-supplied values (the app formats them) and those only
    // servers and desktop apps use.
    for (const unused of [
      'originating device',
      'DESKTOP_APP_DIRECT',
      'BAD_PERCENT_ESCAPE',
      'SHA-256',
      'MAC address',
      '65535',
      'unique-reference',
      'key=value pair',
      "[!'()*]",
    ]) {
      expect(code).not.toContain(unused);
    }
  });

  it('exposes the API on one global in the IIFE build', async () => {
    const code = await bundle('iife');
    expect(code.startsWith('"use strict";var FphKit=')).toBe(true);
    const scope: { FphKit?: Record<string, unknown> } = {};
    new Function('self', `${code};self.FphKit=FphKit;`)(scope);
    expect(Object.keys(scope.FphKit ?? {}).sort()).toEqual([
      'BrowserError',
      'attachToForm',
      'collect',
      'fphFetch',
      'isBrowserError',
    ]);
  });
});
