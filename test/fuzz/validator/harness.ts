import type { HeaderInput } from '@fph-kit/spec';
import { type ValidateOptions, type ValidationResult, validate } from '@fph-kit/validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FuzzCase, otherShape, toInput } from './inputs.ts';
import { checkResult, InvariantError } from './invariants.ts';
import type { GeneratedSet } from './valid-sets.ts';

/**
 * Runs fuzz cases through `validate`. Every result must pass every invariant, and a second
 * validation, chosen by the case's variant number, must give byte-identical JSON:
 *   0: the same input and options again (determinism);
 *   1: the same headers in another input shape (object, null-prototype object, pairs, Map);
 *   2: the same input again after another set was validated (nothing carries over);
 *   3: another `now`, which may change advisories but never the report (compared alone).
 * Each of 0 to 2 is a determinism check too: the same set and time, the same answer. The input
 * itself must be left untouched.
 */

/** The total number of generated sets across the fuzz files (default 1,000,000). */
export const TOTAL_SETS = (() => {
  const raw = process.env.FPH_FUZZ_SETS;
  const n = raw === undefined ? 1_000_000 : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FPH_FUZZ_SETS must be a positive integer`);
  return n;
})();

/**
 * The seed of every generator in the run: FPH_FUZZ_SEED to replay one, else a fresh one. fast-check
 * prints it when a property fails, and the same seed also rebuilds the pool of valid sets.
 */
const SEED = (() => {
  const raw = process.env.FPH_FUZZ_SEED;
  if (raw === undefined) return Math.floor(Math.random() * 2 ** 31);
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error('FPH_FUZZ_SEED must be an integer');
  return n;
})();

/** This file's share of the total: `fraction` of it, at least one set. */
export function share(fraction: number): number {
  return Math.max(1, Math.round(TOTAL_SETS * fraction));
}

/**
 * A time limit for a test running `count` sets, from a deliberately pessimistic two milliseconds
 * per set (about ten times what a busy 2-core machine needs), so only a hang fails it.
 */
export function timeLimit(count: number): number {
  return 60_000 + count * 2;
}

/** A set validated between two validations of a case, to show that nothing carries over. */
const OTHER_SET: Readonly<Record<string, string>> = {
  'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
  'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=24,width=x',
  'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=10.0.0.1',
  'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2026-01-01T00%3A00Z&unique-reference=abc',
};

function json(result: ValidationResult): string {
  return JSON.stringify(result);
}

function same(a: string, b: string, what: string): void {
  if (a === b) return;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  throw new InvariantError(
    `${what}: results differ at character ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))} vs ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}`,
  );
}

/** What the input holds, entry by entry, to prove `validate` left it as it was. */
function entriesOf(input: HeaderInput): unknown[] {
  const entries: unknown[] = [];
  const add = (name: unknown, value: unknown): void => {
    entries.push(name, Array.isArray(value) ? value.length : value);
    if (Array.isArray(value)) entries.push(...value);
  };
  if (input instanceof Map) for (const [k, v] of input) add(k, v);
  else if (Array.isArray(input)) for (const [k, v] of input) add(k, v);
  else for (const k of Object.keys(input)) add(k, (input as Record<string, unknown>)[k]);
  return entries;
}

function untouched(before: unknown[], after: unknown[]): boolean {
  return before.length === after.length && before.every((v, i) => Object.is(v, after[i]));
}

/** Checks one case and returns its result; throws on the first broken property. */
export function checkCase(c: FuzzCase): ValidationResult {
  const input = toInput(c.pairs, c.shape);
  const before = entriesOf(input);
  const options: ValidateOptions = { ...c.options };
  let first: ValidationResult;
  try {
    first = validate(input, options);
  } catch (error) {
    throw new InvariantError(`validate threw: ${(error as Error)?.stack ?? String(error)}`);
  }
  checkResult(input, options, first);
  const firstJson = json(first);
  switch (c.variant % 4) {
    case 0:
      same(firstJson, json(validate(input, options)), 'the same input validated twice');
      break;
    case 1: {
      const other = otherShape(c.pairs, c.shape, c.variant >>> 2);
      same(firstJson, json(validate(other, options)), `${c.shape} vs the same headers reshaped`);
      break;
    }
    case 2:
      validate(OTHER_SET, options);
      same(firstJson, json(validate(input, options)), 'the same input after another set');
      break;
    default: {
      const base = options.now === undefined ? Date.now() : +options.now;
      const later = { ...options, now: base + ((c.variant >>> 2) % 1000) * 86_400_000 };
      same(
        JSON.stringify(first.report),
        JSON.stringify(validate(input, later).report),
        'the report at another time',
      );
    }
  }
  if (!untouched(before, entriesOf(input))) throw new InvariantError('validate changed its input');
  return first;
}

/**
 * Runs `count` cases from `arbitrary` through {@link checkCase} (and `also`, a property of that
 * kind of case) and returns the number run. fast-check stops at the first failure, shrinks it and
 * throws with the seed to replay it (FPH_FUZZ_SEED).
 */
export function runFuzz<T extends FuzzCase>(
  arbitrary: fc.Arbitrary<T>,
  count: number,
  also?: (c: T, result: ValidationResult) => void,
): number {
  let ran = 0;
  fc.assert(
    fc.property(arbitrary, (c) => {
      ran++;
      const result = checkCase(c);
      also?.(c, result);
    }),
    { numRuns: count, seed: SEED },
  );
  return ran;
}

/** A pool of valid sets for the mutation files, drawn from the run's seed. */
export function validPool(arbitrary: fc.Arbitrary<GeneratedSet>, size: number): GeneratedSet[] {
  return fc.sample(arbitrary, { numRuns: size, seed: SEED });
}

/**
 * One fuzz file's test: `fraction` of the total sets, drawn from what `cases` gives (called inside
 * the test, so a pool of valid sets is built only when the test runs), each through
 * {@link checkCase}. The mutated and random kinds are split over several such files so that
 * vitest runs them in parallel.
 */
export function fuzzFile(
  kind: string,
  fraction: number,
  cases: () => fc.Arbitrary<FuzzCase>,
): void {
  const count = share(fraction);
  describe(`validator fuzz: ${count} ${kind}`, () => {
    it(
      'never throw, pass every invariant and give the same answer every way',
      () => {
        expect(runFuzz(cases(), count)).toBe(count);
      },
      timeLimit(count),
    );
  });
}
