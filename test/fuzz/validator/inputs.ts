import { CONNECTION_METHODS, HEADER_NAMES, type HeaderInput } from '@fph-kit/spec';
import type { ValidateOptions } from '@fph-kit/validator';
import fc from 'fast-check';
import { examplesByMethod } from '../../conformance/spec-source.ts';
import { applyMutations, type Mutation, mutations, type Pairs } from './mutations.ts';
import { type GeneratedSet, validSet } from './valid-sets.ts';

/**
 * The inputs the validator fuzz feeds `validate`: header maps in every shape `validate` accepts,
 * with options, built from valid sets (plain or mutated) or drawn at random.
 */

/** How a set is handed to `validate`: each shape takes a different path through the reader. */
export type Shape = 'record' | 'null-prototype' | 'pairs' | 'map';
export const SHAPES: readonly Shape[] = ['record', 'null-prototype', 'pairs', 'map'];

/** One case: the set as pairs (names and values as given), its shape, options, a variant number. */
export interface FuzzCase {
  pairs: [string, unknown][];
  shape: Shape;
  options: ValidateOptions;
  /** Chooses which extra comparison the case gets (see the harness). */
  variant: number;
  /** The faults applied to a valid set, for the failure message. */
  mutations?: Mutation[];
}

/** Absent values (undefined, null) count for nothing, as the header map reads them. */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

/**
 * Pairs grouped by name (exactly as given, or ignoring letter case with the first spelling kept);
 * a name given twice gets an array value, as in Node's `req.headers`.
 */
function group(pairs: readonly [string, unknown][], ignoreCase: boolean): Map<string, unknown> {
  const grouped = new Map<string, unknown>();
  const spelling = new Map<string, string>();
  for (const [given, value] of pairs) {
    const name = ignoreCase ? (spelling.get(given.toLowerCase()) ?? given) : given;
    spelling.set(given.toLowerCase(), name);
    if (!grouped.has(name)) {
      grouped.set(name, value);
      continue;
    }
    const merged = [...listOf(grouped.get(name)), ...listOf(value)];
    grouped.set(name, merged.length > 0 ? merged : undefined);
  }
  return grouped;
}

function fromGroups(grouped: Map<string, unknown>, shape: Shape): HeaderInput {
  if (shape === 'map') return grouped as unknown as HeaderInput;
  const record: Record<string, unknown> = shape === 'record' ? {} : Object.create(null);
  // defineProperty, so a header named __proto__ is a property like any other.
  for (const [name, value] of grouped) {
    Object.defineProperty(record, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record as HeaderInput;
}

/** The pairs in `shape`; in an object or Map a name given twice becomes an array value. */
export function toInput(pairs: readonly [string, unknown][], shape: Shape): HeaderInput {
  if (shape === 'pairs') return pairs as Iterable<[string, string]>;
  return fromGroups(group(pairs, false), shape);
}

/**
 * The same headers as `toInput(pairs, shape)` in another shape: an object or Map flattened to
 * pairs in its own order, or pairs grouped (letter case ignored, as HTTP does) into an object or
 * Map. Header order and repeated values stay as they were, so the answer must not change.
 */
export function otherShape(
  pairs: readonly [string, unknown][],
  shape: Shape,
  n: number,
): HeaderInput {
  if (shape === 'pairs') return fromGroups(group(pairs, true), n % 2 ? 'map' : 'record');
  const flat: [string, unknown][] = [];
  for (const [name, value] of group(pairs, false)) {
    if (Array.isArray(value)) for (const v of value) flat.push([name, v]);
    else flat.push([name, value]);
  }
  return flat as Iterable<[string, string]>;
}

const now = fc.oneof(
  fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
  fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
);

/** Options as callers pass them: a method or not, a time or not. */
export const options: fc.Arbitrary<ValidateOptions> = fc.record(
  { connectionMethod: fc.constantFrom(...CONNECTION_METHODS), now },
  { requiredKeys: [] },
);

const shape = fc.constantFrom(...SHAPES);

/** Valid sets exactly as generated, judged at their own time. */
export const validCase: fc.Arbitrary<FuzzCase & { set: GeneratedSet }> = fc
  .tuple(validSet, shape, fc.nat(), fc.boolean())
  .map(([set, s, variant, withMethod]) => ({
    set,
    pairs: set.headers,
    shape: s,
    variant,
    options: withMethod ? { now: set.now, connectionMethod: set.method } : { now: set.now },
  }));

/**
 * Valid sets with faults. Generating a valid set costs far more than validating one, so faults are
 * applied to a pool of valid sets drawn once per file (fresh each run unless a seed is given).
 */
export function mutatedCase(pool: readonly GeneratedSet[]): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.nat({ max: pool.length - 1 }), mutations, shape, fc.nat(), fc.nat(9))
    .map(([index, list, s, variant, choice]) => {
      const set = pool[index]!;
      // Mostly judged at the set's own time and declared method; sometimes as another method.
      const opts: ValidateOptions =
        choice === 0
          ? { now: set.now, connectionMethod: CONNECTION_METHODS[variant % 8]! }
          : { now: set.now };
      return {
        pairs: applyMutations(set.headers, list),
        shape: s,
        options: opts,
        variant,
        mutations: list,
      };
    });
}

// --- Random header maps -------------------------------------------------------------------------

const EXAMPLE_VALUES = [
  ...new Set([...examplesByMethod().values()].flatMap((m) => [...m.values()].flat())),
];

const anyCase = fc
  .tuple(fc.constantFrom(...HEADER_NAMES, 'Gov-Test-Scenario'), fc.nat(3))
  .map(([n, c]) => [n, n.toLowerCase(), n.toUpperCase(), n.replace(/-/g, '_')][c]!);

const junk = fc.string({ unit: 'binary', maxLength: 24 });

const name = fc.oneof(
  { weight: 8, arbitrary: anyCase },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map((s) => `Gov-${s}`) },
  { weight: 1, arbitrary: junk.map((s) => `gov-${s}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: junk },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'gov-',
      'GOV-',
      'Gov-Client-Connection-Method ',
      ' gov-client-device-id',
      'Gov-Client-Device-ID\r\nX-Injected',
      'Gov-Client-Device-ID\u0000',
      '__proto__',
      'constructor',
      'toString',
      'forEach',
      'length',
      '0',
      '',
    ),
  },
);

/** A valid value or an example with random characters spliced in. */
const spliced = fc
  .tuple(
    fc.constantFrom(...EXAMPLE_VALUES),
    fc.nat(),
    fc.oneof(
      junk,
      fc.constantFrom('\r', '\n', '\r\n', '\u0000', '%', '%zz', '%C3', '%FF', '%2C', '%26', '%3D'),
    ),
  )
  .map(([value, at, text]) => {
    const i = at % (value.length + 1);
    return value.slice(0, i) + text + value.slice(i);
  });

const huge = fc
  .tuple(fc.oneof(fc.constantFrom(...EXAMPLE_VALUES), fc.string({ maxLength: 8 })), fc.nat(16_384))
  .map(([unit, times]) =>
    Array.from({ length: Math.ceil((times + 1) / Math.max(unit.length, 1)) }, () => unit).join(','),
  );

const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...EXAMPLE_VALUES) },
  { weight: 4, arbitrary: spliced },
  { weight: 3, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z=&,%0-9.:A-F-]{0,40}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r\n', '\u0000', 'null', 'undefined') },
  { weight: 1, arbitrary: huge },
);

/** What arrives as a header value: mostly text, sometimes what JSON or Node would give instead. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 20, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
);

/** Random maps: random names (catalogue names in any case, Gov-* junk, binary), random values. */
export const randomCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.array(fc.tuple(name, value), { maxLength: 24 }), shape, options, fc.nat())
  .map(([pairs, s, opts, variant]) => ({ pairs, shape: s, options: opts, variant }));

export type { Pairs };
