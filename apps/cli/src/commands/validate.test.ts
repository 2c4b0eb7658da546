import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
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
