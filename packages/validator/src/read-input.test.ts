import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, readHeaderSets } from './read-input.js';

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

describe('readHeaderSets: bytes that are not a UTF-8 header set, named and located', () => {
  const problem = (input: string | Uint8Array) => {
    const read = readHeaderSets(input);
    if (read.ok) throw new Error('expected a problem');
    return read.problem;
  };

  it('names common binary formats', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(problem(png).message).toMatch(/^the input is binary data \(a PNG image\); give/);
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    expect(problem(elf).message).toMatch(/^the input is binary data \(an ELF program\)/);
  });

  it('recognises UTF-16, with or without a byte order mark', () => {
    const text = 'Gov-Client-Timezone: UTC+00:00\n';
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    for (const bytes of [le, be]) {
      expect(problem(bytes)).toEqual({
        code: 'BINARY',
        message:
          "the input is UTF-16 text (as Windows PowerShell's > and Out-File write it), not UTF-8; save it as UTF-8 (Out-File -Encoding utf8)",
      });
    }
  });

  it('locates the first NUL, as a byte or as a character', () => {
    const bytes = new TextEncoder().encode(
      'Gov-Client-Timezone: UTC\nGov-Client-Device-ID: ab\u0000c',
    );
    expect(problem(bytes)).toMatchObject({ code: 'BINARY', line: 2 });
    expect(problem(bytes).message).toMatch(/it has a NUL byte at line 2, column 25;/);
    expect(problem('a: b\nc: d\u0000').message).toMatch(/NUL character at line 2, column 5;/);
  });

  it('locates the first byte that is not UTF-8', () => {
    const latin1 = Buffer.from(
      'Gov-Client-Timezone: UTC\nGov-Vendor-Product-Name: Caf\u00e9\n',
      'latin1',
    );
    expect(problem(latin1)).toEqual({
      code: 'BINARY',
      line: 2,
      message:
        'the input is not UTF-8 text: byte 0xE9 at line 2, column 29 is not part of a UTF-8 character (text saved as Latin-1 or Windows-1252?); save it as UTF-8',
    });
  });

  it('calls bytes UTF-8 exactly when a strict decoder does', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0x20, max: 0x7e }),
            fc.integer({ min: 0x80, max: 0xff }),
            fc.constantFrom(0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xa0, 0x9f, 0x90, 0x8f),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (list) => {
          const bytes = new Uint8Array([0x61, 0x3a, 0x20, ...list]); // 'a: ' first
          let utf8 = true;
          try {
            strict.decode(bytes);
          } catch {
            utf8 = false;
          }
          const read = readHeaderSets(bytes);
          const refused = !read.ok && /not UTF-8 text/.test(read.problem.message);
          expect(refused).toBe(!utf8);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('says which JSON value it got when it is not an object', () => {
    expect(problem('42').message).toMatch(/^the input is a JSON number, not an object; give/);
    expect(problem(' "Gov-Client-Timezone: UTC+00:00"').message).toMatch(
      /^the input is a JSON string, not an object/,
    );
    expect(problem('null').message).toMatch(/^the input is the JSON literal null, not an object/);
    expect(problem('true\n').message).toMatch(/^the input is the JSON literal true, not an object/);
    // A header block that merely starts like a literal is still read as one.
    expect(readHeaderSets('null-header: x').ok).toBe(true);
  });

  it('never lets control characters from the input into a message', () => {
    expect(printable('a\r\nb\u0000\u001b[2J\u009b\u202e\tc é')).toBe(
      'a\\u000d\\u000ab\\u0000\\u001b[2J\\u009b\\u202e\\u0009c é',
    );
    expect(problem('Gov-Client-Timezone: UTC\n\u001b[2Jnot a header').message).toContain(
      "'\\u001b[2Jnot a header'",
    );
    expect(problem('{"Gov-X\\r\\nY": 1}').message).toMatch(
      /^the value of 'Gov-X\\u000d\\u000aY' is a number/,
    );
  });
});
