import fc from 'fast-check';

/**
 * Input meant to break a header: CR/LF (header splitting), NUL and other control characters,
 * every Unicode plane, lone surrogates, and whole injected header lines, alone or inside
 * otherwise good values.
 */

/** Printable US-ASCII only: what a header value may hold. */
export const HEADER_SAFE = /^[\x20-\x7e]*$/;

const NASTY = [
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\t',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  'é',
  '中',
  '😀',
  '\r\nX-Injected: 1',
  '\r\n\r\n<html>',
  '%0D%0A',
  '%00',
  '=',
  '&',
  ',',
  '%',
];

/** Good-looking values to splice the nasty parts into. */
const BASES = [
  'alice',
  'Acme Tax',
  '10.0.0.1',
  'fe80::1%eth0',
  '2001:db8::1',
  'ea:43:1a:5d:21:45',
  'beec798b-b366-47fa-b1f8-92cede14a1ce',
  '2026-11-23T10:00:00.000Z',
  'Mozilla/5.0 (X11; Linux x86_64)',
  'TOTP',
  '1.2.3',
];

const spliced = fc
  .tuple(fc.constantFrom(...BASES), fc.nat(), fc.constantFrom(...NASTY))
  .map(([base, at, nasty]) => {
    const i = at % (base.length + 1);
    return base.slice(0, i) + nasty + base.slice(i);
  });

/** Any string, weighted towards ones that could break a header. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: spliced },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...BASES, ...NASTY, '') },
);

/** Numbers at and beyond every edge. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 70_000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 0.5, 1e21, 1e-7, 1e-21, 5e-324, Number.MAX_VALUE, -1, 65536),
);

/** Any JavaScript value: objects of every kind, null prototypes, boxed values, Maps, Sets, ... */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    stringUnit: 'binary',
  }),
);

/** Key-value input in every form a formatter takes (object, Map, pairs), and malformed ones. */
export const keyValueInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(nastyString, nastyString, { maxKeys: 4 }),
  fc.dictionary(nastyString, anyValue, { maxKeys: 3 }),
  fc.array(fc.tuple(nastyString, nastyString), { maxLength: 4 }),
  fc.array(fc.tuple(nastyString, nastyString), { maxLength: 4 }).map((p) => new Map(p)),
  fc.array(anyValue, { maxLength: 3 }),
);
