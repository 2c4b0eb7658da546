import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { CliIO } from '../io.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

function io(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
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
    [['--colour'], "Unknown option '--colour'"],
  ])('fph serve %j: exit 2 with a clear message', async (args, message) => {
    const cli = io();
    expect(await runCli(['serve', ...args], cli)).toBe(2);
    expect(cli.err()).toContain(message);
    expect(cli.err()).not.toMatch(/\n\s+at /);
  });

  it('refuses half of the HMRC credentials with exit 2, naming the missing variable', async () => {
    const cli = io({ HMRC_CLIENT_ID: 'sandbox-app-id' });
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
    expect(cli.out()).toContain('HMRC_CLIENT_SECRET');
  });
});

/** `fph serve` as its own process, as a person runs it. */
function start(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const name of ['HMRC_CLIENT_ID', 'HMRC_CLIENT_SECRET', 'HMRC_BASE_URL']) delete clean[name];
  const child = spawn(
    process.execPath,
    ['--conditions=@fph-kit/source', '--import', 'tsx', MAIN, 'serve', ...args],
    { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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
