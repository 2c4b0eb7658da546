import { describe, expect, it } from 'vitest';
import { readHeaderSets } from './read-input.js';

describe('readHeaderSets: JSON objects', () => {
  it('reads name to value, in order, names as given', () => {
    const read = readHeaderSets(
      '\uFEFF  {"Gov-Client-Timezone": "UTC+00:00", "gov-client-device-id": "x"}\n',
    );
    expect(read).toEqual({
      ok: true,
      format: 'json',
      sets: [
        {
          headers: [
            ['Gov-Client-Timezone', 'UTC+00:00'],
            ['gov-client-device-id', 'x'],
          ],
        },
      ],
    });
  });

  it('reads an array of strings as a repeated header', () => {
    const read = readHeaderSets('{"Gov-Client-Public-Port": ["1", "2"]}');
    expect(read.ok && read.sets[0]!.headers).toEqual([
      ['Gov-Client-Public-Port', '1'],
      ['Gov-Client-Public-Port', '2'],
    ]);
  });

  it('refuses a value that is not a string, naming the header', () => {
    expect(readHeaderSets('{"Gov-Client-Public-Port": 12345}')).toEqual({
      ok: false,
      problem: {
        code: 'NOT_A_HEADER_SET',
        message:
          'the value of \'Gov-Client-Public-Port\' is a number; header values must be strings (write "Gov-Client-Public-Port": "..."), or an array of strings for a repeated header',
      },
    });
    const nested = readHeaderSets('{"headers": {"a": "b"}}');
    expect(!nested.ok && nested.problem.message).toMatch(/the value of 'headers' is an object/);
  });

  it('says where JSON is broken', () => {
    const read = readHeaderSets('{\n  "Gov-Client-Timezone": "UTC+00:00",\n  oops\n}');
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem.code).toBe('INVALID_JSON');
      expect(read.problem.line).toBe(3);
      expect(read.problem.message).toMatch(
        /^the input is not valid JSON: .* at line 3, column \d+$/,
      );
    }
  });

  it('refuses a JSON array', () => {
    const read = readHeaderSets('[["Gov-Client-Timezone", "UTC+00:00"]]');
    expect(!read.ok && read.problem.code).toBe('NOT_A_HEADER_SET');
  });
});

describe('readHeaderSets: raw header blocks', () => {
  it('reads a block copied from browser devtools, with HTTP/2 pseudo-headers', () => {
    const block = [
      ':authority: api.example.co.uk',
      ':method: POST',
      ':path: /vat/returns',
      ':scheme: https',
      'accept: application/json',
      'gov-client-timezone: UTC+01:00',
      'gov-client-screens: width=1920&height=1080&scaling-factor=1&colour-depth=24',
      '',
    ].join('\r\n');
    expect(readHeaderSets(block)).toEqual({
      ok: true,
      format: 'headers',
      sets: [
        {
          request: { method: 'POST', url: '/vat/returns' },
          headers: [
            ['accept', 'application/json'],
            ['gov-client-timezone', 'UTC+01:00'],
            ['gov-client-screens', 'width=1920&height=1080&scaling-factor=1&colour-depth=24'],
          ],
        },
      ],
    });
  });

  it('reads curl -v output: only what was sent, request line included', () => {
    const output = [
      '*   Trying 127.0.0.1:8080...',
      '* Connected to localhost (127.0.0.1) port 8080',
      '> GET /test/fraud-prevention-headers/validate HTTP/1.1',
      '> Host: localhost:8080',
      '> Gov-Client-Connection-Method: BATCH_PROCESS_DIRECT',
      '> Gov-Vendor-Product-Name: Acme%20Books',
      '> ',
      '< HTTP/1.1 200 OK',
      '< Content-Type: application/json',
      '< ',
      '{ [120 bytes data]',
    ].join('\n');
    expect(readHeaderSets(output)).toEqual({
      ok: true,
      format: 'headers',
      sets: [
        {
          request: { method: 'GET', url: '/test/fraud-prevention-headers/validate' },
          headers: [
            ['Host', 'localhost:8080'],
            ['Gov-Client-Connection-Method', 'BATCH_PROCESS_DIRECT'],
            ['Gov-Vendor-Product-Name', 'Acme%20Books'],
          ],
        },
      ],
    });
  });

  it('splits several requests into several sets', () => {
    const read = readHeaderSets(
      'GET /a HTTP/1.1\nGov-Client-Timezone: UTC+00:00\n\nGET /b HTTP/2\nGov-Client-Timezone: UTC+01:00\n',
    );
    expect(read.ok && read.sets.map((s) => [s.request?.url, s.headers[0]![1]])).toEqual([
      ['/a', 'UTC+00:00'],
      ['/b', 'UTC+01:00'],
    ]);
  });

  it('names the line that is not a header', () => {
    const read = readHeaderSets('Gov-Client-Timezone: UTC+00:00\nthis is not a header\n');
    expect(read).toEqual({
      ok: false,
      problem: {
        code: 'BAD_HEADER_LINE',
        line: 2,
        message:
          "line 2 is not a 'Name: value' header line: 'this is not a header'; give a JSON object of header name to value, a raw header block (Name: value lines) or a HAR file",
      },
    });
  });
});

describe('readHeaderSets: HAR files', () => {
  const har = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', entries } });
  const entry = (url: string, headers: [string, string][]) => ({
    startedDateTime: '2026-11-23T10:00:00.000Z',
    request: { method: 'POST', url, headers: headers.map(([name, value]) => ({ name, value })) },
  });

  it('keeps every request that carries a Gov-* header, with its method, URL and time', () => {
    const read = readHeaderSets(
      har([
        entry('https://app.example/static.js', [['accept', '*/*']]),
        entry('https://app.example/api/vat', [
          ['gov-client-timezone', 'UTC+00:00'],
          ['accept', 'application/json'],
        ]),
      ]),
    );
    expect(read).toEqual({
      ok: true,
      format: 'har',
      sets: [
        {
          headers: [
            ['gov-client-timezone', 'UTC+00:00'],
            ['accept', 'application/json'],
          ],
          request: {
            method: 'POST',
            url: 'https://app.example/api/vat',
            startedDateTime: '2026-11-23T10:00:00.000Z',
          },
        },
      ],
    });
  });

  it('says when no request carries Gov-* headers', () => {
    const read = readHeaderSets(har([entry('https://a/', [['accept', '*/*']])]));
    expect(read).toEqual({
      ok: false,
      problem: {
        code: 'NO_GOV_HEADERS',
        message: 'the HAR file has 1 request and none carries a Gov-* header',
      },
    });
  });

  it('names a malformed entry', () => {
    const read = readHeaderSets(har([{ request: { method: 'GET' } }]));
    expect(!read.ok && read.problem.message).toBe('HAR entry 1 has no request.headers list');
  });
});

describe('readHeaderSets: anything else', () => {
  it('refuses empty input', () => {
    const read = readHeaderSets(' \n\t ');
    expect(!read.ok && read.problem.code).toBe('EMPTY');
  });

  it('refuses binary data, as bytes or as text', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const fromBytes = readHeaderSets(png);
    expect(!fromBytes.ok && fromBytes.problem.code).toBe('BINARY');
    const latin1 = readHeaderSets(new Uint8Array([0x47, 0x6f, 0x76, 0xe9, 0x3a]));
    expect(!latin1.ok && latin1.problem.message).toMatch(/not UTF-8 text/);
    const nul = readHeaderSets('Gov-Client-Timezone: UTC\u0000');
    expect(!nul.ok && nul.problem.code).toBe('BINARY');
  });

  it('reads UTF-8 bytes like text', () => {
    const bytes = new TextEncoder().encode('Gov-Vendor-Product-Name: Café');
    const read = readHeaderSets(bytes);
    expect(read.ok && read.sets[0]!.headers).toEqual([['Gov-Vendor-Product-Name', 'Café']]);
  });
});
