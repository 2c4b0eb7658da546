import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { CliIO } from '../io.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Records of these tests go here, never to the default data folder of whoever runs them. */
const DATA = mkdtempSync(join(tmpdir(), 'fph-serve-test-'));
afterAll(() => rmSync(DATA, { recursive: true, force: true }));

function io(
  env: Record<string, string> = { FPH_DATA_DIR: DATA },
): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    stdin: Readable.from([]),
    env,
    cwd: ROOT,
    out: () => out,
    err: () => err,
  };
}

describe('fph serve: refusals (in process)', () => {
  it.each([
    [['--port', 'http'], "--port must be a whole number from 0 to 65535, got 'http'"],
    [['--port', '70000'], "got '70000'"],
    [['--port=-1'], "got '-1'"],
    [['--host', ''], '--host must not be empty'],
    [['--upstream', 'ftp://example.org'], 'upstream must be an http(s) URL'],
    [['--upstream', 'not a url'], 'is not a URL'],
    [['extra'], "unexpected argument 'extra'"],
    [['--colour'], 'fph: serve: unknown option --colour; see fph serve --help'],
    [
      ['--retain-days', '0'],
      "--retain-days must be a whole number of days from 1 to 36500, got '0'",
    ],
    [['--retain-days', 'ninety'], "got 'ninety'"],
    [['--retain-days', '36501'], "got '36501'"],
    [
      ['--memory', '--data-dir', 'x'],
      '--memory and --data-dir choose different places for the records',
    ],
    [
      ['--data-dir', 'x', '--database-url', 'postgres://h/db'],
      'give one of --data-dir, --database-url and --memory',
    ],
    [['--data-dir', ''], '--data-dir must not be empty'],
    [
      ['--database-url', 'mysql://root:pw@127.0.0.1/test'],
      '--database-url must be a PostgreSQL URL such as postgres://user:password@host:5432/database, got a mysql: URL',
    ],
    [['--database-url', 'not a url'], 'got something that is not a URL'],
    [
      ['--token-file', '/nonexistent/fph-token'],
      'cannot read --token-file /nonexistent/fph-token: ENOENT',
    ],
  ])('fph serve %j: exit 2 with a clear message', async (args, message) => {
    const cli = io();
    expect(await runCli(['serve', ...args], cli)).toBe(2);
    expect(cli.err()).toContain(message);
    expect(cli.err()).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad FPH_DATABASE_URL without repeating its password', async () => {
    const cli = io({ FPH_DATABASE_URL: 'http://fph:s3cret-pw@db.example/fph' });
    expect(await runCli(['serve', '--port', '0'], cli)).toBe(2);
    expect(cli.err()).toContain('FPH_DATABASE_URL must be a PostgreSQL URL');
    expect(cli.err()).not.toContain('s3cret-pw');
  });

  describe('the service token', () => {
    const file = (name: string, text: string): string => {
      const path = join(DATA, name);
      writeFileSync(path, text);
      return path;
    };

    it('is required beyond loopback: exit 2 saying what to set', async () => {
      for (const host of ['0.0.0.0', '::']) {
        const cli = io();
        expect(await runCli(['serve', '--port', '0', '--host', host], cli)).toBe(2);
        expect(cli.err()).toBe(
          `fph: serve: listening on ${host} reaches beyond this machine, and the recorded requests hold personal data: set FPH_SERVICE_TOKEN, or give --token-file FILE (a secret of at least 16 characters, for example from openssl rand -hex 32), and send it as Authorization: Bearer <token>; or listen on 127.0.0.1\n`,
        );
      }
    });

    it('must be long enough, and never shows up in the message', async () => {
      const cli = io({ FPH_DATA_DIR: DATA, FPH_SERVICE_TOKEN: 'tiny-secret' });
      expect(await runCli(['serve', '--port', '0', '--host', '0.0.0.0'], cli)).toBe(2);
      expect(cli.err()).toContain(
        'FPH_SERVICE_TOKEN: the service token must be at least 16 visible ASCII characters',
      );
      expect(cli.err()).not.toContain('tiny-secret');
      const empty = io();
      const path = file('empty-token', '\n');
      expect(await runCli(['serve', '--port', '0', '--token-file', path], empty)).toBe(2);
      expect(empty.err()).toContain(`--token-file ${path} is empty`);
      const spaced = io();
      const withSpace = file('spaced-token', 'a token with a space in the middle\n');
      expect(await runCli(['serve', '--port', '0', '--token-file', withSpace], spaced)).toBe(2);
      expect(spaced.err()).toContain('and others HTTP cannot carry in a header');
    });
  });

  describe('a record store that cannot be used: exit 2, a clear message, no stack trace', () => {
    it('a data folder that cannot be created', async () => {
      const blocker = join(DATA, 'not-a-folder');
      writeFileSync(blocker, '');
      const cli = io();
      expect(await runCli(['serve', '--port', '0', '--data-dir', join(blocker, 'data')], cli)).toBe(
        2,
      );
      expect(cli.err()).toContain(
        `fph: serve: cannot create the data folder ${join(blocker, 'data')} (ENOTDIR`,
      );
      expect(cli.err()).not.toMatch(/\n\s+at /);
    });

    it('a database that cannot be reached, named without its password', async () => {
      const cli = io();
      const code = await runCli(
        ['serve', '--port', '0', '--database-url', 'postgres://fph:s3cret-pw@127.0.0.1:9/fph'],
        cli,
      );
      expect(code).toBe(2);
      expect(cli.err()).toMatch(
        /^fph: serve: cannot reach PostgreSQL at postgres:\/\/fph@127\.0\.0\.1:9\/fph: .*ECONNREFUSED/,
      );
      expect(cli.err()).not.toContain('s3cret-pw');
      expect(cli.err()).not.toMatch(/\n\s+at /);
    });
  });

  it('refuses half of the HMRC credentials with exit 2, naming the missing variable', async () => {
    const cli = io({ FPH_DATA_DIR: DATA, HMRC_CLIENT_ID: 'sandbox-app-id' });
    expect(await runCli(['serve', '--port', '0'], cli)).toBe(2);
    expect(cli.err()).toContain('HMRC_CLIENT_SECRET is not set');
  });

  describe('a port in use', () => {
    let blocker: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    });

    it('exits 3 with a message saying so', async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      const cli = io();
      expect(await runCli(['serve', '--port', String(port)], cli)).toBe(3);
      expect(cli.err()).toBe(
        `fph: serve: port ${port} on 127.0.0.1 is already in use: stop the program using it, or choose another port with --port\n`,
      );
    });
  });

  it('prints its help', async () => {
    const cli = io();
    expect(await runCli(['serve', '--help'], cli)).toBe(0);
    expect(cli.out()).toContain('fph serve [--port N] [--host H] [--upstream URL]');
    for (const flag of [
      '--data-dir DIR',
      '--database-url URL',
      '--memory',
      '--retain-days N',
      '--token-file FILE',
    ]) {
      expect(cli.out()).toContain(flag);
    }
    expect(cli.out()).toContain('HMRC_CLIENT_SECRET');
    expect(cli.out()).toContain('FPH_SERVICE_TOKEN');
  });
});

/** `fph serve` as its own process, as a person runs it. */
function start(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const name of ['HMRC_CLIENT_ID', 'HMRC_CLIENT_SECRET', 'HMRC_BASE_URL']) delete clean[name];
  const child = spawn(
    process.execPath,
    ['--conditions=@fph-kit/source', '--import', 'tsx', MAIN, 'serve', ...args],
    { cwd: ROOT, env: { ...clean, FPH_DATA_DIR: DATA, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const found = /listening on (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    };
    child.stdout.on('data', look);
    exited.then((code) => reject(new Error(`fph serve exited ${code}: ${stderr}`)));
  });
  return { child, ready, exited, out: () => stdout, err: () => stderr };
}

describe('fph serve as a process', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = undefined;
  });

  it('says where it listens and that HMRC comparison is off, serves, and stops on SIGINT with exit 0', async () => {
    const serve = start(['--port', '0', '--upstream', 'http://127.0.0.1:9']);
    running = serve.child;
    const url = await serve.ready;
    expect(serve.out()).toContain(`web page         ${url}/`);
    expect(serve.out()).toContain('every other request goes to http://127.0.0.1:9');
    expect(serve.out()).toContain(
      `records          kept in SQLite at ${join(DATA, 'records.sqlite')}; requests older than 90 days are forgotten`,
    );
    expect(serve.out()).toContain('access           this machine only; no token needed');
    expect(serve.out()).toContain(
      'HMRC comparison  disabled: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET',
    );
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', hmrc: { enabled: false } });
    // The request's log line is JSON on standard output.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (serve.out().includes('"path":"/healthz"')) resolve();
      };
      serve.child.stdout!.on('data', check);
      check();
    });
    const logLine = serve
      .out()
      .split('\n')
      .find((l) => l.includes('"path":"/healthz"'))!;
    expect(JSON.parse(logLine)).toMatchObject({ msg: 'request', method: 'GET', status: 200 });

    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(serve.err()).toContain('fph serve: stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('beyond loopback with a token file: says the records need it, never prints it, and enforces it', async () => {
    const token = 'f3a9c1d7e5b24680a1c3e5f7091b2d4f';
    const tokenFile = join(DATA, 'service-token');
    writeFileSync(tokenFile, `${token}\n`);
    const serve = start([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--memory',
      '--token-file',
      tokenFile,
    ]);
    running = serve.child;
    const url = await serve.ready;
    expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(serve.out()).toContain(
      'records          in memory only: nothing is kept when the service stops (--memory)',
    );
    expect(serve.out()).toContain(
      `access           records, validation feedback and /v1/compare need Authorization: Bearer <token> (the token from --token-file ${tokenFile})`,
    );
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/v1/evidence`)).status).toBe(401);
    expect(
      (await fetch(`${local}/v1/evidence`, { headers: { Authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.out() + serve.err()).not.toContain(token);
  });

  it('says HMRC comparison is on when credentials are set, and stops on SIGTERM', async () => {
    const serve = start(['--port', '0'], {
      HMRC_CLIENT_ID: 'sandbox-app-id',
      HMRC_CLIENT_SECRET: 'sandbox-app-secret-value',
      HMRC_BASE_URL: 'http://127.0.0.1:9',
    });
    running = serve.child;
    await serve.ready;
    expect(serve.out()).toContain(
      'HMRC comparison  enabled (POST /v1/compare, HMRC_CLIENT_ID is set, http://127.0.0.1:9)',
    );
    expect(serve.out()).toContain(
      'every other request goes to https://test-api.service.hmrc.gov.uk',
    );
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.out() + serve.err()).not.toContain('sandbox-app-secret-value');
  });
});
