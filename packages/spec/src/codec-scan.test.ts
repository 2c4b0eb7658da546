import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullyDecodeKeyValue, fullyDecodeKeyValueList } from './codec.js';
import { scanKeyValue } from './codec-scan.js';
import {
  formatMultiFactor,
  formatProductName,
  formatScreens,
  formatVendorForwarded,
  formatWindowSize,
} from './index.js';

/**
 * The codec's quick path only recognises values that are canonical and have nothing to report;
 * everything else takes the full decoder. Whatever the value, a quick reading must be exactly the
 * full decoder's, without a problem.
 */

const NOW = Date.UTC(2026, 10, 23, 10);

function agree(value: string, list: boolean): void {
  const quick = scanKeyValue(value, list);
  if (quick === undefined) return;
  const full = list ? fullyDecodeKeyValueList(value) : fullyDecodeKeyValue(value);
  expect(full.problems).toEqual([]);
  expect(list ? quick : quick[0]).toEqual(full.value);
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
  timestamp: minutes.map((m) => new Date(NOW + m * 60_000)),
  uniqueReference: fc.oneof(
    fc.stringMatching(/^[0-9a-f]{8,64}$/),
    fc.constantFrom('+447700900123', 'j@example.com', 'null', 'undefined'),
  ),
});

const pair = (value: string, list: boolean): [string, boolean] => [value, list];

/** Canonical values from the spec's formatters, each with whether it is a list of structures. */
const canonical: fc.Arbitrary<[string, boolean]> = fc.oneof(
  fc.array(screen, { minLength: 1, maxLength: 3 }).map((s) => pair(formatScreens(s), true)),
  fc
    .record({
      width: fc.integer({ min: 1, max: 2_000_000 }),
      height: fc.integer({ min: 1, max: 9999 }),
    })
    .map((w) => pair(formatWindowSize(w), false)),
  fc.array(factor, { minLength: 1, maxLength: 3 }).map((f) => pair(formatMultiFactor(f), true)),
  fc
    .array(fc.record({ by: ipv4, for: ipv4 }), { minLength: 1, maxLength: 3 })
    .map((h) => pair(formatVendorForwarded(h), true)),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => {
    try {
      return pair(`name=${formatProductName(s)}`, false);
    } catch {
      return pair('name=Acme%20Books', false);
    }
  }),
  fc
    .stringMatching(/^[a-z]{1,6}=[a-z0-9%@.]{0,12}(&[a-z]{1,6}=[a-z0-9.]{0,8}){0,2}$/)
    .map((v) => pair(v, false)),
);

const splice = (value: string, at: number, junk: string): string => {
  const i = at % (value.length + 1);
  return value.slice(0, i) + junk + value.slice(i);
};

describe('the quick path and the full decoder agree', () => {
  it('on canonical values of every kind', () => {
    fc.assert(
      fc.property(canonical, ([value, list]) => {
        agree(value, list);
        agree(value, !list);
      }),
      { numRuns: 300 },
    );
  });

  it('on canonical values with one character spliced in', () => {
    fc.assert(
      fc.property(
        canonical,
        fc.nat(),
        fc.constantFrom(',', '&', '=', '%', '%2C', '%3D', '%26', ' ', 'é', '0', '.', '-', ':'),
        ([value, list], at, junk) => {
          agree(splice(value, at, junk), list);
        },
      ),
      { numRuns: 500 },
    );
  });
});
