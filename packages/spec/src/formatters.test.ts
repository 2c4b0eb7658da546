import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpecError } from './errors.js';
import { isoUtc } from './headers/timestamp.js';
import {
  formatBrowserJsUserAgent,
  formatDeviceId,
  formatLicenseIds,
  formatLocalIps,
  formatMacAddresses,
  formatMultiFactor,
  formatPort,
  formatProductName,
  formatPublicIp,
  formatScreens,
  formatTimestamp,
  formatTimezone,
  formatUserAgent,
  formatUserIds,
  formatVendorForwarded,
  formatVendorVersion,
  formatWindowSize,
  hashLicenseIds,
  hashUniqueReference,
  parseMultiFactor,
  parseScreens,
  parseTimezone,
  parseUserIds,
  sha256Hex,
  utcOffsetMinutes,
} from './index.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isSpecError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a SpecError');
}

describe('formatters', () => {
  it('formats several screens with mixed scaling factors', () => {
    expect(
      formatScreens([
        { width: 2560, height: 1440, scalingFactor: 1.5, colourDepth: 24 },
        { width: 1920, height: 1080, scalingFactor: 1, colourDepth: 30 },
      ]),
    ).toBe(
      'width=2560&height=1440&scaling-factor=1.5&colour-depth=24,width=1920&height=1080&scaling-factor=1&colour-depth=30',
    );
  });

  it('names the screen and field it refuses', () => {
    expect(
      errorOf(() =>
        formatScreens([
          { width: 1, height: 1, scalingFactor: 1, colourDepth: 24 },
          { width: 1.5, height: 1, scalingFactor: 1, colourDepth: 24 },
        ]),
      ).message,
    ).toMatch(/screens\[1\]\.width: must be a positive whole number, got 1.5/);
    expect(errorOf(() => formatScreens([])).message).toMatch(/at least one screen/);
    expect(errorOf(() => formatWindowSize({ width: 0, height: 10 })).message).toMatch(
      /windowSize.width/,
    );
    expect(
      errorOf(() =>
        formatScreens([{ width: 1, height: 1, scalingFactor: Number.NaN, colourDepth: 24 }]),
      ).message,
    ).toMatch(/scalingFactor/);
  });

  it('writes the timezone sign the right way round', () => {
    expect(formatTimezone(0)).toBe('UTC+00:00');
    expect(formatTimezone(60)).toBe('UTC+01:00');
    expect(formatTimezone(-75)).toBe('UTC-01:15');
    expect(formatTimezone(-210)).toBe('UTC-03:30');
    expect(formatTimezone(345)).toBe('UTC+05:45');
    expect(errorOf(() => formatTimezone(30.5)).message).toMatch(/whole number of minutes/);
    expect(errorOf(() => formatTimezone(24 * 60)).message).toBe(
      'timezone: must be a whole number of minutes from -1080 to 1080, got 1440',
    );
  });

  it('negates getTimezoneOffset for the UTC offset', () => {
    const date = new Date('2024-07-01T12:00:00Z');
    expect(utcOffsetMinutes(date)).toBe(-date.getTimezoneOffset() || 0);
    expect(parseTimezone(formatTimezone(utcOffsetMinutes(date)))).toMatchObject({ ok: true });
  });

  it('writes timestamps in UTC with milliseconds always', () => {
    expect(formatTimestamp(new Date(Date.UTC(2020, 8, 21, 14, 30, 5, 0)))).toBe(
      '2020-09-21T14:30:05.000Z',
    );
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(errorOf(() => formatTimestamp(new Date('nope'))).message).toMatch(/valid Date/);
  });

  it('formats MFA entries and keeps string timestamps exactly', () => {
    const text = formatMultiFactor([
      { type: 'TOTP', timestamp: '2021-11-21T13:20Z', uniqueReference: 'abc' },
      {
        type: 'AUTH_CODE',
        timestamp: new Date(Date.UTC(2021, 10, 21, 13, 23)),
        uniqueReference: 'def',
      },
    ]);
    expect(text).toBe(
      'type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=abc,type=AUTH_CODE&timestamp=2021-11-21T13%3A23%3A00.000Z&unique-reference=def',
    );
    expect(parseMultiFactor(text)).toMatchObject({ ok: true });
    expect(
      errorOf(() =>
        formatMultiFactor([
          { type: 'SMS' as 'OTHER', timestamp: new Date(), uniqueReference: 'x' },
        ]),
      ).message,
    ).toMatch(/multiFactor\[0\]\.type/);
    expect(
      errorOf(() =>
        formatMultiFactor([{ type: 'TOTP', timestamp: '2021-11-21 13:20', uniqueReference: 'x' }]),
      ).message,
    ).toMatch(/multiFactor\[0\]\.timestamp/);
  });

  it('writes MFA Dates from the year 0 to 9999 in a form its parser reads, and refuses others', () => {
    for (const iso of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const entry = { type: 'OTHER' as const, uniqueReference: 'r' };
      // Epoch milliseconds are accepted as well, though the type names only Date and string.
      for (const timestamp of [new Date(iso), Date.parse(iso) as unknown as Date]) {
        const text = formatMultiFactor([{ ...entry, timestamp }]);
        expect(text).toContain(`timestamp=${iso.replaceAll(':', '%3A')}&`);
        expect(parseMultiFactor(text)).toMatchObject({ ok: true });
      }
    }
    for (const timestamp of [
      new Date('nope'),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 0, 1),
      {},
      null,
    ]) {
      expect(
        errorOf(() =>
          formatMultiFactor([{ type: 'TOTP', timestamp: timestamp as Date, uniqueReference: 'x' }]),
        ).message,
      ).toMatch(/^multiFactor\[0\]\.timestamp: must be a Date/);
    }
  });

  it('percent-encodes Windows DOMAIN\\user names in User-IDs', () => {
    const text = formatUserIds({ os: 'CORP\\Jane Doe', 'my-application': 'jane@example.com' });
    expect(text).toBe('os=CORP%5CJane%20Doe&my-application=jane%40example.com');
    expect(parseUserIds(text)).toEqual({
      ok: true,
      value: [
        ['os', 'CORP\\Jane Doe'],
        ['my-application', 'jane@example.com'],
      ],
    });
  });

  it('sends an unknown device field as an empty value, not an invented one', () => {
    expect(
      formatUserAgent({
        osFamily: 'Linux',
        osVersion: '6.1',
        deviceManufacturer: '',
        deviceModel: '',
      }),
    ).toBe('os-family=Linux&os-version=6.1&device-manufacturer=&device-model=');
  });

  it('keeps a browser user agent as reported and encodes anything outside printable ASCII', () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
    expect(formatBrowserJsUserAgent(ua)).toBe(ua);
    expect(formatBrowserJsUserAgent('Agent\u00e9\n')).toBe('Agent%C3%A9%0A');
  });

  it('encodes IPv6 in lists and forwarded hops, not in Public-IP', () => {
    expect(formatLocalIps(['192.168.1.2', 'fe80::1'])).toBe('192.168.1.2,fe80%3A%3A1');
    expect(formatVendorForwarded([{ by: '2001:db8::1', for: '198.51.100.7' }])).toBe(
      'by=2001%3Adb8%3A%3A1&for=198.51.100.7',
    );
    expect(formatPublicIp('2001:db8::1')).toBe('2001:db8::1');
    expect(errorOf(() => formatLocalIps(['300.1.1.1'])).message).toMatch(/localIps\[0\]/);
    expect(
      errorOf(() => formatVendorForwarded([{ by: 'vendor', for: '198.51.100.7' }])).message,
    ).toMatch(/forwarded\[0\]\.by/);
  });

  it('encodes MAC addresses and refuses malformed ones', () => {
    expect(formatMacAddresses(['ea:43:1a:5d:21:45'])).toBe('ea%3A43%3A1a%3A5d%3A21%3A45');
    expect(errorOf(() => formatMacAddresses(['ea:43:1a:5d:21'])).message).toMatch(
      /macAddresses\[0\]/,
    );
  });

  it('checks ports, device IDs, product names and versions', () => {
    expect(formatPort(12345)).toBe('12345');
    expect(errorOf(() => formatPort(0)).message).toMatch(/1 to 65535/);
    expect(errorOf(() => formatPort(65536)).message).toMatch(/1 to 65535/);
    expect(formatDeviceId('beec798b-b366-47fa-b1f8-92cede14a1ce')).toBe(
      'beec798b-b366-47fa-b1f8-92cede14a1ce',
    );
    expect(errorOf(() => formatDeviceId('device-1')).message).toMatch(/UUID/);
    expect(formatProductName("Bob's Books (Pro)")).toBe('Bob%27s%20Books%20%28Pro%29');
    expect(errorOf(() => formatProductName('')).message).toMatch(
      /productName: must be a non-empty string, got ""/,
    );
    expect(formatVendorVersion({ 'my-web-app': '2.2.2', server: 'v3.8' })).toBe(
      'my-web-app=2.2.2&server=v3.8',
    );
  });
});

describe('hashing', () => {
  it('hashes licence keys with SHA-256 (known vector)', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const hashed = await hashLicenseIds({ 'my licensed software': 'abc' });
    expect(formatLicenseIds(hashed)).toBe(
      'my%20licensed%20software=BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD',
    );
  });

  it('gives the same unique reference for the same factor', async () => {
    const a = await hashUniqueReference('+447700900123', 'salt');
    expect(a).toBe(await hashUniqueReference('+447700900123', 'salt'));
    expect(a).not.toBe(await hashUniqueReference('+447700900124', 'salt'));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('no formatter emits anything outside printable ASCII', () => {
  const PRINTABLE = /^[\x20-\x7e]*$/;
  const anyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });

  it('for arbitrary text in every free-text field', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (a, b, c, d) => {
        const outputs = [
          formatUserIds({ [a]: b, [`${a}x`]: c }),
          formatUserAgent({ osFamily: a, osVersion: b, deviceManufacturer: c, deviceModel: d }),
          formatProductName(a),
          formatVendorVersion({ [a]: b }),
          formatLicenseIds({ [c]: d }),
          formatBrowserJsUserAgent(a),
          formatMultiFactor([
            { type: 'OTHER', timestamp: '2021-11-21T13:20Z', uniqueReference: b },
          ]),
        ];
        for (const out of outputs) expect(out).toMatch(PRINTABLE);
      }),
      { numRuns: 1000 },
    );
  });

  it('for arbitrary numbers it accepts, and refuses the rest with a SpecError', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), fc.integer({ min: -2000, max: 2000 }), (w, s, tz) => {
        for (const fn of [
          () => formatScreens([{ width: w, height: 1, scalingFactor: s, colourDepth: 24 }]),
          () => formatWindowSize({ width: w, height: w }),
          () => formatTimezone(tz),
          () => formatPort(w),
        ]) {
          try {
            expect(fn()).toMatch(PRINTABLE);
          } catch (error) {
            expect(isSpecError(error)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('screens round-trip through the parser', () => {
    const screen = fc.record({
      width: fc.integer({ min: 1, max: 20000 }),
      height: fc.integer({ min: 1, max: 20000 }),
      scalingFactor: fc.double({ min: 0.25, max: 8, noNaN: true }),
      colourDepth: fc.constantFrom(8, 16, 24, 30, 32, 48),
    });
    fc.assert(
      fc.property(fc.array(screen, { minLength: 1, maxLength: 4 }), (screens) => {
        expect(parseScreens(formatScreens(screens))).toEqual({ ok: true, value: screens });
      }),
    );
  });
});

describe('numbers in exponent form', () => {
  it('are spelled out as plain decimals that parse back to the same number', () => {
    // With the edges of plain notation: 1e-6 and just below 1e21 are written plainly by String.
    const justBelow = 999999999999999900000;
    for (const scalingFactor of [1e-21, 5e-324, 1.5e-7, 9.99e-7, 1e-6, justBelow, 2.5e21, 1e21]) {
      const text = formatScreens([{ width: 1, height: 1, scalingFactor, colourDepth: 24 }]);
      const written = /scaling-factor=([^&]+)/.exec(text)![1]!;
      expect(written).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(written)).toBe(scalingFactor);
    }
    expect(
      formatScreens([{ width: 1, height: 1, scalingFactor: 1e-21, colourDepth: 24 }]),
    ).toContain('scaling-factor=0.000000000000000000001&');
  });
});

describe('isoUtc', () => {
  it('writes what toISOString writes, for every year from 0 to 9999', () => {
    const edges = [
      new Date('0000-01-01T00:00:00.000Z'),
      new Date('0000-02-29T23:59:59.999Z'),
      new Date('1900-02-28T12:00:00.005Z'),
      new Date('2000-02-29T00:00:00.050Z'),
      new Date('1969-12-31T23:59:59.999Z'),
      new Date('9999-12-31T23:59:59.999Z'),
      new Date('0999-03-01T01:02:03.004Z'),
    ];
    const span = Date.UTC(9999, 11, 31, 23, 59, 59, 999) - edges[0]!.getTime();
    let seed = 20261206;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const dates = [
      ...edges,
      ...Array.from(
        { length: 200_000 },
        () => new Date(edges[0]!.getTime() + Math.floor(random() * span)),
      ),
    ];
    const differ = dates.filter((date) => isoUtc(date) !== date.toISOString());
    expect(differ.map((date) => date.toISOString())).toEqual([]);
    expect(isoUtc(edges[0]!)).toBe('0000-01-01T00:00:00.000Z');
  });
});
