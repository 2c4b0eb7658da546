import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMultiFactor,
  isSizeNumber,
  isSpecError,
  parseLocalIps,
  parseMacAddresses,
  parseMultiFactor,
  parseScreens,
  parseTimestamp,
  parseVendorForwarded,
  parseWindowSize,
  readTimezone,
  sizeNumber,
} from './index.js';

function codes(result: { ok: boolean; problems?: { code: string }[] }): string[] {
  return result.ok ? [] : (result.problems ?? []).map((p) => p.code);
}

describe('typed parsers name encoded separators where a value can never hold one', () => {
  it('in a list of addresses', () => {
    expect(codes(parseLocalIps('10.1.2.3%2C10.3.4.2'))).toEqual(['ENCODED_SEPARATOR']);
    expect(
      codes(parseMacAddresses('ea%3A43%3A1a%3A5d%3A21%3A45%2C10%3A12%3Acc%3Afa%3Aaa%3A32')),
    ).toEqual(['ENCODED_SEPARATOR']);
  });

  it('in numbers of key-value structures', () => {
    expect(codes(parseWindowSize('width=1920%26height%3D1080'))).toEqual([
      'ENCODED_SEPARATOR',
      'MISSING_KEY',
    ]);
    expect(
      codes(parseScreens('width=1&height=2&scaling-factor=1&colour-depth=24%2Cwidth%3D3')),
    ).toEqual(['ENCODED_SEPARATOR']);
  });

  it('in forwarded addresses', () => {
    expect(codes(parseVendorForwarded('by=203.0.113.6%26for%3D198.51.100.0'))).toEqual([
      'ENCODED_SEPARATOR',
      'MISSING_KEY',
    ]);
  });

  it('but not in a value that is simply wrong', () => {
    expect(codes(parseLocalIps('10.1.2.300'))).toEqual(['INVALID_IP']);
    expect(codes(parseWindowSize('width=wide&height=1'))).toEqual(['INVALID_NUMBER']);
  });
});

describe('timestamps are real calendar instants, read by one grammar', () => {
  it('in multi-factor values, formatted and parsed', () => {
    const entry = { type: 'TOTP' as const, uniqueReference: 'abc' };
    expect(
      codes(parseMultiFactor('type=TOTP&timestamp=2021-02-28T10%3A00Z&unique-reference=abc')),
    ).toEqual([]);
    expect(
      codes(parseMultiFactor('type=TOTP&timestamp=2021-02-30T10%3A00Z&unique-reference=abc')),
    ).toEqual(['INVALID_TIMESTAMP']);
    expect(
      codes(parseMultiFactor('type=TOTP&timestamp=2021-01-01T24%3A00Z&unique-reference=abc')),
    ).toEqual(['INVALID_TIMESTAMP']);
    expect(formatMultiFactor([{ ...entry, timestamp: '2021-02-28T10:00Z' }])).toBe(
      'type=TOTP&timestamp=2021-02-28T10%3A00Z&unique-reference=abc',
    );
    let thrown: unknown;
    try {
      formatMultiFactor([{ ...entry, timestamp: '2021-02-30T10:00Z' }]);
    } catch (error) {
      thrown = error;
    }
    expect(isSpecError(thrown)).toBe(true);
  });

  it('in Local-IPs and Public-IP timestamps, milliseconds required', () => {
    expect(parseTimestamp('2024-02-29T23:59:59.999Z')).toEqual({
      ok: true,
      value: new Date('2024-02-29T23:59:59.999Z'),
    });
    expect(codes(parseTimestamp('2023-02-29T10:00:00.000Z'))).toEqual(['INVALID_TIMESTAMP']);
    expect(codes(parseTimestamp('2023-01-01T10:00:00.00Z'))).toEqual(['INVALID_TIMESTAMP']);
    expect(parseTimestamp('0050-01-01T00:00:00.000Z').ok).toBe(true);
  });
});

describe('sizeNumber', () => {
  it('is the number isSizeNumber accepts, else NaN', () => {
    const expected = (raw: string, decimal: boolean) =>
      isSizeNumber(raw, decimal) ? Number(raw) : Number.NaN;
    const samples = [
      '1',
      '1920',
      '0',
      '01',
      '1.25',
      '0.5',
      '0.1',
      '0.3',
      '0.0',
      '0.000',
      '10.0',
      '2.675',
      '1234567890123.45',
      '1234567890123.456',
      '0.00000000000001',
      '00.5',
      '01.5',
      '1.2.3',
      '1.5x',
      '1.',
      '.5',
      '',
      '-1',
      '+1',
      '1e3',
      ' 1',
      '999999999999999',
      '9999999999999999',
      '12345678901234567890',
      '1x',
      '٣',
      '1,2',
    ];
    for (const raw of samples) {
      for (const decimal of [false, true]) {
        expect([raw, decimal, sizeNumber(raw, decimal)]).toEqual([
          raw,
          decimal,
          expected(raw, decimal),
        ]);
      }
    }
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9.]{0,22}$|^(0|[1-9][0-9]{0,8})\.[0-9]{1,8}$/),
        fc.boolean(),
        (raw, decimal) => {
          expect(sizeNumber(raw, decimal)).toBe(expected(raw, decimal));
        },
      ),
    );
  });
});

describe('readTimezone', () => {
  it('reads exactly UTC±hh:mm, two ASCII digits each', () => {
    const pattern = /^UTC([+-])(\d{2}):(\d{2})$/;
    const expected = (text: string) => {
      const m = pattern.exec(text);
      return m ? { sign: m[1], hours: Number(m[2]), minutes: Number(m[3]) } : undefined;
    };
    const samples = [
      'UTC+00:00',
      'UTC-05:30',
      'UTC+14:00',
      'UTC±01:00',
      'UTC 01:00',
      'utc+01:00',
      'UTC+1:00',
      'UTC+01:0',
      'UTC+01-00',
      'UTC+0a:00',
      'UTC+01:00 ',
      'UTC+٠١:00',
      'GMT+01:00',
      '',
    ];
    for (const text of samples) expect([text, readTimezone(text)]).toEqual([text, expected(text)]);
    fc.assert(
      fc.property(fc.stringMatching(/^(UTC|utc)?[+\-±]?[0-9a:]{0,6}$/), (text) => {
        expect(readTimezone(text)).toEqual(expected(text));
      }),
    );
  });
});
