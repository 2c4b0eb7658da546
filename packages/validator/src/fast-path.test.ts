import {
  formatMultiFactor,
  formatProductName,
  formatScreens,
  formatVendorForwarded,
  formatWindowSize,
} from '@fph-kit/spec';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { tuning } from './tuning.js';
import { validate } from './validate.js';

/**
 * The fast paths only recognise values that are canonical and have nothing to report; everything
 * else takes the detailed path. Whatever the value, both must give the same result.
 */

afterEach(() => {
  tuning.fastPaths = true;
});

function bothWays(headers: Record<string, string>): void {
  tuning.fastPaths = true;
  const fast = validate(headers, { now: NOW });
  tuning.fastPaths = false;
  const slow = validate(headers, { now: NOW });
  tuning.fastPaths = true;
  expect(fast).toEqual(slow);
}

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const screen = fc.record({
  width: fc.integer({ min: 1, max: 20_000 }),
  height: fc.integer({ min: 1, max: 20_000 }),
  scalingFactor: fc.constantFrom(0.5, 1, 1.25, 1.5, 2, 3, 9.5),
  colourDepth: fc.constantFrom(1, 8, 16, 24, 30, 32, 48, 96),
});
const minutes = fc.integer({ min: -60 * 24 * 400, max: 60 * 24 * 2 });
const factor = fc.record({
  type: fc.constantFrom('TOTP' as const, 'AUTH_CODE' as const, 'OTHER' as const),
  timestamp: minutes.map((m) => new Date(NOW.getTime() + m * 60_000)),
  uniqueReference: fc.oneof(
    fc.stringMatching(/^[0-9a-f]{8,64}$/),
    fc.constantFrom('+447700900123', 'j@example.com', 'null', 'undefined'),
  ),
});

/** Canonical values from the spec's formatters, and the same values with a character spliced in. */
const canonical = fc.record({
  'Gov-Client-Screens': fc.array(screen, { minLength: 1, maxLength: 3 }).map(formatScreens),
  'Gov-Client-Window-Size': fc
    .record({
      width: fc.integer({ min: 1, max: 2_000_000 }),
      height: fc.integer({ min: 1, max: 9999 }),
    })
    .map(formatWindowSize),
  'Gov-Client-Multi-Factor': fc
    .array(factor, { minLength: 1, maxLength: 3 })
    .map(formatMultiFactor),
  'Gov-Vendor-Forwarded': fc
    .array(fc.record({ by: ipv4, for: ipv4 }), { minLength: 1, maxLength: 3 })
    .map(formatVendorForwarded),
  'Gov-Vendor-Product-Name': fc.string({ minLength: 1, maxLength: 20 }).map((s) => {
    try {
      return formatProductName(s);
    } catch {
      return 'Acme%20Books';
    }
  }),
  'Gov-Client-User-IDs': fc.stringMatching(
    /^[a-z]{1,6}=[a-z0-9%@.]{0,12}(&[a-z]{1,6}=[a-z0-9.]{0,8}){0,2}$/,
  ),
});

const splice = (value: string, at: number, junk: string): string => {
  const i = at % (value.length + 1);
  return value.slice(0, i) + junk + value.slice(i);
};

describe('fast and detailed paths agree', () => {
  it('on canonical values of every kind', () => {
    fc.assert(
      fc.property(canonical, (values) => {
        bothWays({ ...cleanSet(), ...values });
      }),
      { numRuns: 300 },
    );
  });

  it('on canonical values with one character spliced in', () => {
    fc.assert(
      fc.property(
        canonical,
        fc.constantFrom(
          'Gov-Client-Screens',
          'Gov-Client-Window-Size',
          'Gov-Client-Multi-Factor',
          'Gov-Vendor-Forwarded',
          'Gov-Vendor-Product-Name',
          'Gov-Client-User-IDs',
        ),
        fc.nat(),
        fc.constantFrom(',', '&', '=', '%', '%2C', '%3D', '%26', ' ', 'é', '0', '.', '-', ':'),
        (values, header, at, junk) => {
          const set: Record<string, string> = { ...cleanSet(), ...values };
          set[header] = splice(set[header]!, at, junk);
          bothWays(set);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on the clean sets of every method and on headers given in other letter cases', () => {
    const set = cleanSet('DESKTOP_APP_VIA_SERVER');
    bothWays(set);
    bothWays(Object.fromEntries(Object.entries(set).map(([k, v]) => [k.toLowerCase(), v])));
  });
});
