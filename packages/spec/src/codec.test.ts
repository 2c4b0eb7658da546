import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeKeyValue,
  decodeKeyValueList,
  decodeList,
  encodeKeyValue,
  encodeKeyValueList,
  encodeList,
  percentDecode,
  percentEncode,
} from './codec.js';
import { isSpecError } from './errors.js';

const PRINTABLE = /^[\x20-\x7e]*$/;

describe('percentEncode', () => {
  it('leaves the unreserved set alone', () => {
    expect(percentEncode('AZaz09-._~')).toBe('AZaz09-._~');
  });

  it("encodes the characters encodeURIComponent leaves alone: ! ' ( ) *", () => {
    expect(percentEncode("!'()*")).toBe('%21%27%28%29%2A');
  });

  it('encodes separators, spaces and backslashes with upper-case hex', () => {
    expect(percentEncode('a=b&c,d e\\f:')).toBe('a%3Db%26c%2Cd%20e%5Cf%3A');
  });

  it('encodes non-ASCII as UTF-8 bytes, including astral characters', () => {
    expect(percentEncode('é')).toBe('%C3%A9');
    expect(percentEncode('€')).toBe('%E2%82%AC');
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
  });

  it('refuses a lone surrogate instead of altering it', () => {
    let caught: unknown;
    try {
      percentEncode('a\uD800b', 'productName');
    } catch (error) {
      caught = error;
    }
    expect(isSpecError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/productName.*lone UTF-16 surrogate/);
  });
});

describe('percentDecode', () => {
  it('decodes escapes in either hex case', () => {
    expect(percentDecode('Product%20Name%2c%2C')).toEqual({
      value: 'Product Name,,',
      problems: [],
    });
  });

  it('reports a bad escape with its position and keeps the text', () => {
    const { value, problems } = percentDecode('ab%2');
    expect(value).toBe('ab%2');
    expect(problems).toEqual([expect.objectContaining({ code: 'BAD_PERCENT_ESCAPE', offset: 2 })]);
  });

  it('reports escapes that are not UTF-8', () => {
    const { problems } = percentDecode('%C3%28');
    expect(problems.map((p) => p.code)).toEqual(['INVALID_UTF8']);
  });

  it('reports overlong encodings and encoded surrogates as invalid UTF-8', () => {
    expect(percentDecode('%C0%AF').problems.map((p) => p.code)).toContain('INVALID_UTF8');
    expect(percentDecode('%ED%A0%80').problems.map((p) => p.code)).toContain('INVALID_UTF8');
  });

  it('reports raw reserved, non-ASCII and control characters separately', () => {
    const { value, problems } = percentDecode('a b\u00e9\r\n');
    expect(value).toBe('a b\u00e9\r\n');
    expect(problems.map((p) => [p.code, p.offset])).toEqual([
      ['UNENCODED_CHARACTER', 1],
      ['NON_ASCII', 3],
      ['CONTROL_CHARACTER', 4],
      ['CONTROL_CHARACTER', 5],
    ]);
  });
});

describe('lists', () => {
  it('encodes and decodes values with raw commas between them', () => {
    expect(encodeList(['fc00::', '10.1.2.3'])).toBe('fc00%3A%3A,10.1.2.3');
    expect(decodeList('fc00%3A%3A,10.1.2.3')).toEqual({
      value: ['fc00::', '10.1.2.3'],
      problems: [],
    });
  });

  it('refuses empty values when encoding', () => {
    expect(() => encodeList(['a', ''], 'localIps')).toThrow(/localIps\[1\]/);
  });

  it('reports every empty list value', () => {
    const { value, problems } = decodeList(',a,,b,');
    expect(value).toEqual(['a', 'b']);
    expect(problems.map((p) => [p.code, p.offset])).toEqual([
      ['EMPTY_LIST_VALUE', 0],
      ['EMPTY_LIST_VALUE', 3],
      ['EMPTY_LIST_VALUE', 6],
    ]);
  });

  it('keeps a properly encoded comma inside a value without complaint', () => {
    expect(decodeList('a%2Cb')).toEqual({ value: ['a,b'], problems: [] });
  });
});

describe('key-value structures', () => {
  it('encodes keys and values, keeps separators raw and order as given', () => {
    expect(encodeKeyValue({ os: 'domain\\alice', 'my-application': 'alice123' })).toBe(
      'os=domain%5Calice&my-application=alice123',
    );
    expect(
      encodeKeyValue([
        ['b', '2'],
        ['a', ''],
      ]),
    ).toBe('b=2&a=');
  });

  it('refuses empty keys and repeated keys', () => {
    expect(() => encodeKeyValue([['', 'x']])).toThrow(/non-empty/);
    expect(() =>
      encodeKeyValue([
        ['a', '1'],
        ['a', '2'],
      ]),
    ).toThrow(/twice/);
  });

  it('reports a pair without =', () => {
    const { value, problems } = decodeKeyValue('width=1&height');
    expect(value).toEqual([
      ['width', '1'],
      ['height', ''],
    ]);
    expect(problems).toEqual([expect.objectContaining({ code: 'MISSING_EQUALS', offset: 8 })]);
  });

  it('reports an encoded = and & as encoded separators, not as a missing =', () => {
    const { problems } = decodeKeyValue('width%3D1920%26height%3D1080');
    expect(problems.map((p) => p.code)).toEqual(['ENCODED_SEPARATOR']);
  });

  it('keeps encoded separators inside a value: only the typed parsers can tell them apart', () => {
    expect(decodeKeyValue('width=1920%26height%3D1080')).toEqual({
      value: [['width', '1920&height=1080']],
      problems: [],
    });
  });

  it('reports empty keys, empty pairs, duplicates and a raw = in a value', () => {
    const { problems } = decodeKeyValue('=1&&a=1&a=2&b=c=d');
    expect(problems.map((p) => p.code)).toEqual([
      'EMPTY_KEY',
      'EMPTY_PAIR',
      'DUPLICATE_KEY',
      'UNENCODED_CHARACTER',
    ]);
  });

  it('keeps an empty value as an empty string (allowed by the spec)', () => {
    expect(decodeKeyValue('device-manufacturer=&device-model=X')).toEqual({
      value: [
        ['device-manufacturer', ''],
        ['device-model', 'X'],
      ],
      problems: [],
    });
  });
});

describe('lists of key-value structures', () => {
  it('separates structures with raw commas', () => {
    const text = encodeKeyValueList([
      { by: '203.0.113.6', for: '198.51.100.0' },
      { by: '2001:db8::1', for: '203.0.113.6' },
    ]);
    expect(text).toBe('by=203.0.113.6&for=198.51.100.0,by=2001%3Adb8%3A%3A1&for=203.0.113.6');
    expect(decodeKeyValueList(text).value).toEqual([
      [
        ['by', '203.0.113.6'],
        ['for', '198.51.100.0'],
      ],
      [
        ['by', '2001:db8::1'],
        ['for', '203.0.113.6'],
      ],
    ]);
  });

  it('reports a structure whose only = is encoded', () => {
    const { problems } = decodeKeyValueList('width=1&height=2,width%3D3');
    expect(problems.map((p) => p.code)).toEqual(['ENCODED_SEPARATOR']);
  });

  it('reports an empty structure', () => {
    expect(decodeKeyValueList('a=1,,a=2').problems.map((p) => p.code)).toEqual([
      'EMPTY_LIST_VALUE',
    ]);
  });
});

// Arbitrary Unicode text without lone surrogates (which have no UTF-8 form and are refused).
const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const key = text.filter((k) => k !== '');

describe('properties', () => {
  it('percentDecode(percentEncode(x)) = x and the encoding is printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (x) => {
        const encoded = percentEncode(x);
        expect(encoded).toMatch(PRINTABLE);
        expect(percentDecode(encoded)).toEqual({ value: x, problems: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('key-value structures round-trip for arbitrary Unicode keys and values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, text), { selector: ([k]) => k, maxLength: 8 }),
        (pairs) => {
          const encoded = encodeKeyValue(pairs);
          expect(encoded).toMatch(PRINTABLE);
          expect(decodeKeyValue(encoded)).toEqual({ value: pairs, problems: [] });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('lists round-trip for arbitrary non-empty Unicode values', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 8 }), (values) => {
        const encoded = encodeList(values);
        expect(encoded).toMatch(PRINTABLE);
        expect(decodeList(encoded)).toEqual({ value: values, problems: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it('lists of key-value structures round-trip', () => {
    const structure = fc.uniqueArray(fc.tuple(key, text), {
      selector: ([k]) => k,
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fc.array(structure, { maxLength: 5 }), (structures) => {
        const encoded = encodeKeyValueList(structures);
        expect(encoded).toMatch(PRINTABLE);
        expect(decodeKeyValueList(encoded)).toEqual({ value: structures, problems: [] });
      }),
      { numRuns: 1000 },
    );
  });

  it('decoders never throw, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (x) => {
        for (const decode of [percentDecode, decodeList, decodeKeyValue, decodeKeyValueList]) {
          const out = decode(x);
          expect(Array.isArray(out.problems)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
