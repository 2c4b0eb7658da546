import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { checkValidateResponse } from '@fph-kit/hmrc';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { CliIO } from '../io.js';

const FIXTURES = join(import.meta.dirname, 'validate-fixtures');
const ROOT = join(import.meta.dirname, '../../../..');
const scratch = mkdtempSync(join(tmpdir(), 'fph-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `fph validate ...` in-process with captured output. */
async function fph(
  args: string[],
  options: {
    stdin?: string | Buffer;
    tty?: boolean;
    stdinTty?: boolean;
    env?: Record<string, string>;
  } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  if (options.stdinTty) Object.assign(stdin, { isTTY: true });
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    stdin,
    env: options.env ?? {},
    cwd: FIXTURES,
  };
  const status = await runCli(['validate', ...args], io);
  return { status, stdout, stderr };
}

describe('fph validate --format json', () => {
  it('prints exactly HMRC response body for one set, exit 0 when valid', async () => {
    const run = await fph(['web-app.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      '{"specVersion":"3.3","code":"VALID_HEADERS","message":"All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions."}\n',
    );
  });

  it('exit 1 when the set has errors (a devtools copy with a server port and half a screen)', async () => {
    const run = await fph(['devtools-copy.txt', '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.code).toBe('INVALID_HEADERS');
    expect(report.errors.map((e: { headers: string[] }) => e.headers[0])).toEqual([
      'gov-client-public-port',
      'gov-client-screens',
      'gov-client-screens',
    ]);
    expect(report.warnings).toEqual([
      {
        code: 'POTENTIALLY_INVALID_HEADER',
        message:
          'Check you are using the correct Gov-Client-Connection-Method. Web applications do not usually provide the os field as browsers do not expose this information.',
        headers: ['gov-client-user-ids'],
      },
    ]);
  });

  it('reads curl -v output, keeping only what was sent', async () => {
    const run = await fph(['curl-verbose.txt', '--format', 'json']);
    expect(JSON.parse(run.stdout).code).toBe('VALID_HEADERS');
    expect(run.status).toBe(0);
  });

  it('prints {request, report, advisories} for every Gov-* request of a HAR file', async () => {
    const run = await fph(['session.har', '--format', 'json']);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.map((e: { request: { url: string } }) => e.request.url)).toEqual([
      'https://app.acme-books.example/api/vat/obligations',
      'https://app.acme-books.example/api/vat/returns',
    ]);
    expect(out[0].request).toEqual({
      method: 'GET',
      url: 'https://app.acme-books.example/api/vat/obligations',
      startedDateTime: '2026-11-23T10:00:00.250Z',
    });
    expect(out[0].report.code).toBe('VALID_HEADERS');
    expect(out[0].advisories).toEqual([]);
    expect(out[1].report.errors.map((e: { headers: string[] }) => e.headers[0])).toEqual([
      'gov-client-timezone',
      'gov-vendor-version',
    ]);
  });

  it('--connection-method judges the set as that method', async () => {
    const run = await fph([
      'web-app.json',
      '--format',
      'json',
      '--connection-method',
      'OTHER_DIRECT',
    ]);
    expect(run.status).toBe(1);
    const missing = JSON.parse(run.stdout).errors.filter(
      (e: { code: string }) => e.code === 'MISSING_HEADER',
    );
    expect(missing.map((e: { headers: string[] }) => e.headers[0])).toEqual([
      'gov-client-local-ips',
      'gov-client-local-ips-timestamp',
      'gov-client-mac-addresses',
      'gov-client-user-agent',
    ]);
  });
});

describe('fph validate --format text', () => {
  it('gives one line per header, the fix under each problem and a summary', async () => {
    const run = await fph(['devtools-copy.txt']);
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('POST /vat/returns');
    expect(lines).toContain('  ok       gov-client-connection-method');
    expect(lines).toContain('  ok       gov-vendor-version');
    const port = lines.indexOf(
      '  error    gov-client-public-port  Value must not be a server port, for example 80 or 443',
    );
    expect(port).toBeGreaterThan(0);
    expect(lines[port + 1]).toBe('           value: "443"');
    expect(lines[port + 2]).toMatch(/^ {11}fix: Send the client's source port/);
    expect(lines[port + 3]).toBe(
      '           see: https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/#gov-client-public-port',
    );
    expect(lines.filter((l) => /^ {2}\S/.test(l)).length).toBeGreaterThanOrEqual(16);
    expect(run.stdout).toMatch(
      /\nINVALID_HEADERS \(WEB_APP_VIA_SERVER\): 3 errors, 1 warning, \d+ advisor(y|ies)\n$/,
    );
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours only on a TTY, and never with NO_COLOR', async () => {
    const tty = await fph(['devtools-copy.txt'], { tty: true });
    expect(tty.stdout).toContain('\u001b[31merror    \u001b[0m');
    const noColour = await fph(['devtools-copy.txt'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).not.toContain('\u001b[');
  });

  it('labels each request of a HAR file and counts the failing ones', async () => {
    const run = await fph(['session.har']);
    expect(run.stdout).toContain(
      'GET https://app.acme-books.example/api/vat/obligations (2026-11-23T10:00:00.250Z)\n',
    );
    expect(run.stdout).toMatch(/\n2 requests validated, 1 failing\n$/);
  });
});

describe('fph validate --strict', () => {
  const valid = JSON.parse(readFileSync(join(FIXTURES, 'web-app.json'), 'utf8'));
  const har = (headers: Record<string, string>) =>
    JSON.stringify({
      log: {
        entries: [
          {
            startedDateTime: '2026-11-23T10:00:00.250Z',
            request: {
              method: 'GET',
              url: 'https://x.example/',
              headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
            },
          },
        ],
      },
    });

  it('passes a clean request and fails on an advisory that the plain run lets through', async () => {
    expect((await fph(['-', '--strict'], { stdin: har(valid) })).status).toBe(0);
    const copied = har({
      ...valid,
      'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    });
    expect((await fph(['-'], { stdin: copied })).status).toBe(0);
    const strict = await fph(['-', '--strict'], { stdin: copied });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain(
      'advisory gov-client-device-id  Value is an example from the specification',
    );
    expect(strict.stdout).toMatch(/--strict: warnings and advisories count as failures\n$/);
  });

  it('fails on a warning', async () => {
    const warned = har({ ...valid, 'Gov-Client-Multi-Factor': '' });
    expect((await fph(['-', '--format', 'json'], { stdin: warned })).status).toBe(0);
    expect((await fph(['-', '--format', 'json', '--strict'], { stdin: warned })).status).toBe(1);
  });
});

describe('fph validate: input and usage problems exit 2 with one clear line', () => {
  const bad = async (args: string[], message: RegExp, options = {}) => {
    const run = await fph(args, options);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/);
  };

  it('a missing file or a directory', async () => {
    await bad(['nowhere.json'], /^fph: validate: cannot read 'nowhere\.json': no such file\n$/);
    await bad(['.'], /^fph: validate: cannot read '\.': it is a directory\n$/);
  });

  it('binary data', async () => {
    const file = join(scratch, 'image.png');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await bad([file], /^fph: validate: .*image\.png: the input is binary data/);
  });

  it('text that is no header set, broken JSON, values that are not strings', async () => {
    await bad(['-'], /^fph: validate: standard input: line 1 is not a 'Name: value' header line/, {
      stdin: 'hello world\n',
    });
    await bad(
      ['-'],
      /^fph: validate: standard input: the input is not valid JSON: .* at line 1, column \d+\n$/,
      {
        stdin: '{"Gov-Client-Timezone": }',
      },
    );
    await bad(['-'], /the value of 'Gov-Client-Public-Port' is a number/, {
      stdin: '{"Gov-Client-Public-Port": 443}',
    });
    await bad(['-'], /^fph: validate: standard input: the input is empty/, { stdin: '' });
  });

  it('wrong options', async () => {
    await bad(['web-app.json', '--format', 'xml'], /--format must be text or json, got 'xml'/);
    await bad(
      ['web-app.json', '--connection-method', 'WEB'],
      /--connection-method 'WEB' is not one of WEB_APP_VIA_SERVER/,
    );
    await bad(['web-app.json', '--colour'], /^fph: .*--colour/);
    await bad(['a.json', 'b.json'], /one input at a time, got 2/);
  });

  it('no FILE and nothing piped in', async () => {
    await bad([], /^fph: validate: no input\. Give a FILE, or pipe headers into standard input/, {
      stdinTty: true,
    });
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await fph(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^fph validate: /);
    expect(run.stdout).toContain(
      'fph validate [FILE|-] [--connection-method M] [--format json|text] [--strict]',
    );
  });
});

describe('the fph binary', () => {
  const bin = (args: string[], input?: string) =>
    spawnSync(
      process.execPath,
      [
        '--conditions=@fph-kit/source',
        '--import',
        'tsx',
        join(ROOT, 'apps/cli/src/main.ts'),
        ...args,
      ],
      { cwd: FIXTURES, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );

  it('validates a file and exits with the verdict', () => {
    const ok = bin(['validate', 'web-app.json', '--format', 'json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).code).toBe('VALID_HEADERS');
    const failing = bin(['validate', 'devtools-copy.txt']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('error    gov-client-public-port');
  });

  it('reads standard input and reports unreadable input on stderr with exit 2', () => {
    const piped = bin(
      ['validate', '--format', 'json'],
      readFileSync(join(FIXTURES, 'curl-verbose.txt'), 'utf8'),
    );
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout).code).toBe('VALID_HEADERS');
    const broken = bin(['validate', '-'], '{"a": [1]}');
    expect(broken.status).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toBe(
      'fph: validate: standard input: the value of \'a\' is an array; header values must be strings (write "a": "..."), or an array of strings for a repeated header\n',
    );
  });
});

describe('fph validate on bad input at every edge (the real binary)', () => {
  /** Runs the fph binary from sources, optionally with a V8 heap limit in MiB. */
  const run = (args: string[], options: { input?: string | Buffer; heapMiB?: number } = {}) => {
    const out = spawnSync(
      process.execPath,
      [
        ...(options.heapMiB ? [`--max-old-space-size=${options.heapMiB}`] : []),
        '--conditions=@fph-kit/source',
        '--import',
        'tsx',
        join(ROOT, 'apps/cli/src/main.ts'),
        'validate',
        ...args,
      ],
      {
        // From the repository, where tsx resolves; input files are given by absolute path.
        cwd: ROOT,
        input: options.input,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    return { status: out.status, stdout: out.stdout.toString(), stderr: out.stderr.toString() };
  };

  /** Exit 2 with exactly one line on stderr, nothing on stdout, no stack trace. */
  const refused = (result: ReturnType<typeof run>, message: RegExp): void => {
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:/);
  };

  /** No byte a terminal would act on: only printable text, tabs and newlines. */
  const terminalSafe = (text: string): void => {
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e]/);
  };

  const file = (name: string, content: string | Uint8Array): string => {
    writeFileSync(join(scratch, name), content);
    return join(scratch, name);
  };

  it('binary files: an image, a program, random bytes', () => {
    const png = file('shot.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    refused(
      run([png]),
      /^fph: validate: \/.*\/shot\.png: the input is binary data \(a PNG image\); /,
    );
    if (existsSync('/bin/ls')) {
      refused(
        run(['/bin/ls']),
        /^fph: validate: \/bin\/ls: the input is binary data \(an ELF program\)/,
      );
    }
    // Bytes from a fixed generator: the same file every run.
    let seed = 7;
    const bytes = Uint8Array.from({ length: 4096 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed >> 23;
    });
    refused(
      run([file('noise.bin', bytes)]),
      /^fph: validate: \/.*\/noise\.bin: the input is (binary data: it has a NUL byte|not UTF-8 text: byte 0x[0-9A-F]{2}) at line \d+, column \d+/,
    );
  });

  it('UTF-16 text, as PowerShell writes it, and text that is not UTF-8', () => {
    const text = 'Gov-Client-Connection-Method: BATCH_PROCESS_DIRECT\r\n';
    const utf16 = file(
      'ps.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    refused(
      run([utf16]),
      /^fph: validate: \/.*\/ps\.txt: the input is UTF-16 text .*save it as UTF-8/,
    );
    const latin1 = file(
      'latin1.txt',
      Buffer.from(`${text}Gov-Vendor-Product-Name: Caf\u00e9\n`, 'latin1'),
    );
    refused(
      run([latin1]),
      /^fph: validate: \/.*\/latin1\.txt: the input is not UTF-8 text: byte 0xE9 at line 2, column 29 /,
    );
  });

  it('an empty file, a directory, a missing file, a device without end, a file too large', () => {
    refused(
      run([file('empty.json', '')]),
      /^fph: validate: \/.*\/empty\.json: the input is empty; /,
    );
    refused(run([scratch]), /^fph: validate: cannot read '\/.*': it is a directory\n$/);
    refused(
      run([join(scratch, 'nowhere.har')]),
      /^fph: validate: cannot read '\/.*\/nowhere\.har': no such file\n$/,
    );
    // A sparse file: 300 MiB long, nothing written.
    const big = join(scratch, 'disk.img');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024);
    refused(run([big]), /^fph: validate: '\/.*\/disk\.img' is larger than 256 MiB/);
    if (existsSync('/dev/zero')) {
      refused(run(['/dev/zero']), /^fph: validate: '\/dev\/zero' is larger than 256 MiB/);
    }
  });

  it('JSON that is not an object of strings, naming what and where', () => {
    refused(
      run(['-'], { input: '[{"Gov-Client-Timezone": "UTC+00:00"}]' }),
      /the input is a JSON array; /,
    );
    refused(run(['-'], { input: '42\n' }), /the input is a JSON number, not an object; /);
    refused(run(['-'], { input: 'null' }), /the input is the JSON literal null, not an object; /);
    for (const [value, kind] of [
      ['443', 'a number'],
      ['true', 'a boolean'],
      ['null', 'null'],
      ['{"width": 1}', 'an object'],
      ['[1, 2]', 'an array'],
    ] as const) {
      refused(
        run(['-'], {
          input: `{"Gov-Client-Connection-Method": "BATCH_PROCESS_DIRECT", "Gov-Client-Screens": ${value}}`,
        }),
        new RegExp(`^fph: validate: standard input: the value of 'Gov-Client-Screens' is ${kind};`),
      );
    }
    refused(
      run(['-'], { input: '{"Gov-Client-Timezone": "UTC+00:00",\n "Gov-Client-Device-ID": x}' }),
      /the input is not valid JSON: unexpected "x" at line 2, column 26\n$/,
    );
  });

  it('NUL, CR, LF and terminal escapes in names and values: refused where raw, escaped where shown', () => {
    refused(
      run(['-'], {
        input:
          'Gov-Client-Connection-Method: BATCH_PROCESS_DIRECT\nGov-Client-Device-ID: ab\u0000cd\n',
      }),
      /the input is binary data: it has a NUL byte at line 2, column 25; /,
    );
    const badLine = run(['-'], {
      input: 'Gov-Client-Timezone: UTC+00:00\n\u001b[2J\u001b[31mnot a header\n',
    });
    refused(
      badLine,
      /line 2 is not a 'Name: value' header line: '\\u001b\[2J\\u001b\[31mnot a header'/,
    );
    terminalSafe(badLine.stderr);

    // In JSON the same characters are escapes, so the set is read, and every one is shown escaped.
    const hostile = JSON.stringify({
      'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
      'Gov-Client-Device-ID': 'ab\u0000\r\ncd',
      'Gov-X\u001b[2J\r\nInjected': 'x\u001b]0;title\u0007',
    });
    const text = run(['-'], { input: hostile });
    expect(text.status).toBe(1);
    terminalSafe(text.stdout);
    expect(text.stdout).toContain('value: "ab\\u0000\\r\\ncd"');
    expect(text.stdout).toContain('gov-x\\u001b[2j\\u000d\\u000ainjected  Unrecognised header');
    const json = run(['-', '--format', 'json'], { input: hostile });
    expect(json.status).toBe(1);
    expect(checkValidateResponse(JSON.parse(json.stdout)).conforms).toBe(true);

    // A lone CR inside a header block line stays in the value (it does not end the line).
    const cr = run(['-'], {
      input: 'Gov-Client-Connection-Method: BATCH_PROCESS_DIRECT\nGov-Client-Device-ID: ab\rcd\n',
    });
    expect(cr.status).toBe(1);
    expect(cr.stdout).toContain('value: "ab\\rcd"');
    terminalSafe(cr.stdout);
  });

  it('huge lines: a 20 MB value is judged, a 20 MB non-header line is quoted briefly', () => {
    const value = file(
      'huge-value.txt',
      `Gov-Client-Connection-Method: BATCH_PROCESS_DIRECT\nGov-Client-Device-ID: ${'a'.repeat(20_000_000)}\n`,
    );
    const judged = run([value, '--format', 'json']);
    expect(judged.status).toBe(1);
    expect(JSON.parse(judged.stdout).warnings).toContainEqual({
      code: 'POTENTIALLY_INVALID_HEADER',
      message: 'Use a recommended UUID. Check the specification.',
      headers: ['gov-client-device-id'],
    });
    const shown = run([value]);
    expect(shown.stdout.length).toBeLessThan(20_000);
    const line = run([file('huge-line.txt', 'x'.repeat(20_000_000))]);
    refused(line, /line 1 is not a 'Name: value' header line: 'x{60}\.\.\.'/);
    expect(line.stderr.length).toBeLessThan(500);
  });

  it('a HAR of 5,000 requests, half with Gov-* headers: every one judged, in 64 MiB of heap', () => {
    const entries = Array.from({ length: 5_000 }, (_, i) => ({
      startedDateTime: '2026-11-23T10:00:00.000Z',
      request: {
        method: 'POST',
        url: `https://test-api.service.hmrc.gov.uk/organisations/vat/123456789/returns?n=${i}`,
        headers: [
          { name: 'Accept', value: 'application/vnd.hmrc.1.0+json' },
          ...(i % 2 === 0
            ? [
                { name: 'Gov-Client-Connection-Method', value: 'BATCH_PROCESS_DIRECT' },
                {
                  name: 'Gov-Client-Device-ID',
                  value: `beec798b-b366-47fa-b1f8-92cede14a${String(i).padStart(3, '0').slice(-3)}`,
                },
                { name: 'Gov-Client-Timezone', value: i % 4 === 0 ? 'UTC+00:00' : 'GMT' },
              ]
            : []),
        ],
      },
    }));
    const har = file('5000.har', JSON.stringify({ log: { version: '1.2', entries } }));
    const json = run([har, '--format', 'json'], { heapMiB: 64 });
    expect(json.stderr).toBe('');
    expect(json.status).toBe(1);
    const results = JSON.parse(json.stdout) as { request: { url: string }; report: unknown }[];
    expect(results).toHaveLength(2_500);
    expect(results[1]!.request.url).toMatch(/n=2$/);
    for (const r of results) expect(checkValidateResponse(r.report).conforms).toBe(true);
    const text = run([har], { heapMiB: 64 });
    expect(text.status).toBe(1);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('2500 requests validated, 2500 failing');
  });
});
