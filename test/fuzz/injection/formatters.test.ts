import * as spec from '@fph-kit/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValue, HEADER_SAFE, keyValueInput, nastyNumber, nastyString } from './adversarial.ts';

/**
 * Header injection: whatever a formatter of @fph-kit/spec is given (any JS value, any Unicode,
 * CR/LF, NUL), it returns printable US-ASCII or throws a SpecError: never another exception,
 * never a CR, LF or non-ASCII character in its output.
 */

const RUNS = 3_000;

/** The input each formatter expects, broken in every way; plus any value at all (below). */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });
const ipLike = fc.oneof(
  nastyString,
  fc.constantFrom('10.0.0.1', 'fe80::1%eth0', 'fe80::1%\r\n', 'fe80::1%é', '::ffff:1.2.3.4'),
);
const screen = fc.record({
  width: nastyNumber,
  height: nastyNumber,
  scalingFactor: nastyNumber,
  colourDepth: nastyNumber,
});
const typedInput: Record<string, fc.Arbitrary<unknown[]>> = {
  formatBrowserJsUserAgent: fc.tuple(nastyString),
  formatConnectionMethod: fc.tuple(
    fc.oneof(fc.constantFrom(...spec.CONNECTION_METHODS), nastyString),
  ),
  formatDeviceId: fc.tuple(
    fc.oneof(
      fc.uuid().map((u) => `${u}\r\n`),
      fc.uuid(),
      nastyString,
    ),
  ),
  formatLicenseIds: fc.tuple(keyValueInput),
  formatLocalIps: fc.tuple(fc.array(ipLike, { maxLength: 4 })),
  formatMacAddresses: fc.tuple(
    fc.array(fc.oneof(nastyString, fc.constantFrom('ea:43:1a:5d:21:45', 'EA-43-1A-5D-21-45')), {
      maxLength: 3,
    }),
  ),
  formatMultiFactor: fc.tuple(
    fc.array(
      fc.record({
        type: fc.oneof(fc.constantFrom(...spec.MULTI_FACTOR_TYPES), nastyString),
        timestamp: fc.oneof(
          fc.date(),
          nastyNumber,
          nastyString,
          fc.constantFrom('2021-11-21T13:23Z', '2021-11-21T13:23Z\r\n', '2021-11-21T13:23:00.1Z'),
        ),
        uniqueReference: nastyString,
      }),
      { maxLength: 3 },
    ),
  ),
  formatPort: fc.tuple(nastyNumber),
  formatProductName: fc.tuple(nastyString),
  formatPublicIp: fc.tuple(ipLike, maybe(nastyString)),
  formatScreens: fc.tuple(fc.array(screen, { maxLength: 3 })),
  formatTimestamp: fc.tuple(fc.oneof(fc.date(), nastyNumber)),
  formatTimezone: fc.tuple(nastyNumber),
  formatUserAgent: fc.tuple(
    fc.record(
      {
        osFamily: nastyString,
        osVersion: nastyString,
        deviceManufacturer: nastyString,
        deviceModel: nastyString,
      },
      { requiredKeys: [] },
    ),
  ),
  formatUserIds: fc.tuple(keyValueInput),
  formatVendorForwarded: fc.tuple(
    fc.array(fc.record({ by: ipLike, for: ipLike }), { maxLength: 3 }),
  ),
  formatVendorVersion: fc.tuple(keyValueInput),
  formatWindowSize: fc.tuple(fc.record({ width: nastyNumber, height: nastyNumber })),
};

type AnyFunction = (...args: unknown[]) => unknown;
const FORMATTERS = (Object.entries(spec) as [string, unknown][]).filter(
  (e): e is [string, AnyFunction] => e[0].startsWith('format') && typeof e[1] === 'function',
);

/** Runs a formatter; returns its output, or undefined after a SpecError. */
function attempt(name: string, format: AnyFunction, args: unknown[]): unknown {
  try {
    return format(...args);
  } catch (error) {
    if (spec.isSpecError(error)) return undefined;
    throw new Error(`${name} threw ${(error as Error)?.name}: ${(error as Error)?.message}`, {
      cause: error,
    });
  }
}

describe('every format* function of @fph-kit/spec', () => {
  it('has an adversarial input generator here (a new formatter must be added)', () => {
    expect(FORMATTERS.map(([name]) => name).sort()).toEqual(Object.keys(typedInput).sort());
  });

  for (const [name, format] of FORMATTERS) {
    it(`${name}: printable US-ASCII or a SpecError, for any input`, () => {
      let returned = 0;
      fc.assert(
        fc.property(
          // The typed input, or any value at all as the value to format. (formatPublicIp's second
          // parameter only names the field in its error messages.)
          fc.oneof(typedInput[name]!, fc.tuple(anyValue)),
          (args) => {
            const out = attempt(name, format, args);
            if (out === undefined) return;
            returned++;
            expect(typeof out).toBe('string');
            expect(out as string).toMatch(HEADER_SAFE);
          },
        ),
        { numRuns: RUNS },
      );
      // The generators must also reach the formatter's successful path, or the check is hollow.
      expect(returned).toBeGreaterThan(0);
    });
  }
});

describe('the hashing helpers', () => {
  it('hashLicenseIds then formatLicenseIds: printable US-ASCII or a SpecError', async () => {
    await fc.assert(
      fc.asyncProperty(keyValueInput, async (keys) => {
        let out: string;
        try {
          out = spec.formatLicenseIds(await spec.hashLicenseIds(keys as spec.KeyValueInput));
        } catch (error) {
          expect(spec.isSpecError(error), String(error)).toBe(true);
          return;
        }
        expect(out).toMatch(/^([A-Za-z0-9._~%-]+=[0-9A-F]{64})(&[A-Za-z0-9._~%-]+=[0-9A-F]{64})*$/);
      }),
      { numRuns: 1_000 },
    );
  });

  it('hashUniqueReference: 64 lower-case hex digits or a SpecError', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, fc.option(nastyString, { nil: undefined }), async (id, salt) => {
        try {
          expect(await spec.hashUniqueReference(id as string, salt)).toMatch(/^[0-9a-f]{64}$/);
        } catch (error) {
          expect(spec.isSpecError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
