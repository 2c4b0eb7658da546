import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium, headless, with two emulated screens (the browser e2e tests' launcher). */
export { launchChromium } from '@fph-kit/test-support/browser-harness';

/**
 * The validator service as people run it: `fph serve` in its own Node process (from sources, or
 * from the build), a local upstream for its gateway, and Chromium. The service runs outside
 * vitest's worker, whose `import` resolution condition Express 5's router does not survive.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServe {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (no chance to finish anything), then resolves once the process is gone. */
  kill(): Promise<void>;
}

/** A data folder of its own, removed by `remove()`. */
export function tempDataDir(label = 'data'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `fph-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Starts `fph serve` and resolves once it prints where it listens. `from: 'dist'` runs the built
 * CLI exactly as `npm start` does. Its SQLite records go to a fresh folder of the system's
 * temporary folder (FPH_DATA_DIR) unless `env` says otherwise; `unset` removes variables.
 */
export function startServe(
  args: readonly string[],
  options: { from?: 'src' | 'dist'; env?: Record<string, string>; unset?: readonly string[] } = {},
): Promise<RunningServe> {
  // A folder of its own, removed when the process ends, unless the caller chose one.
  const chosen = options.env?.FPH_DATA_DIR || options.unset?.includes('FPH_DATA_DIR');
  const own = chosen ? undefined : mkdtempSync(join(tmpdir(), 'fph-serve-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...(own ? { FPH_DATA_DIR: own } : {}),
    ...options.env,
  };
  delete env.NODE_OPTIONS;
  for (const name of ['FPH_DATABASE_URL', 'FPH_SERVICE_TOKEN', ...(options.unset ?? [])]) {
    if (!options.env?.[name]) delete env[name];
  }
  for (const name of ['HMRC_CLIENT_ID', 'HMRC_CLIENT_SECRET', 'HMRC_BASE_URL']) {
    if (!options.env?.[name]) delete env[name];
  }
  const entry =
    options.from === 'dist'
      ? ['apps/cli/dist/main.js']
      : ['--conditions=@fph-kit/source', '--import', 'tsx', 'apps/cli/src/main.ts'];
  const child = spawn(process.execPath, [...entry, 'serve', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (own) rmSync(own, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return new Promise<RunningServe>((resolve, reject) => {
    exited.then((code) =>
      reject(new Error(`fph serve exited (${code}) before listening: ${err.trim()}`)),
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      resolve({
        url: match[1]!,
        child,
        stdout: () => out,
        stderr: () => err,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

export interface LocalUpstream {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

/** A stand-in for HMRC's sandbox APIs: answers every request with a small JSON body. */
export async function startLocalUpstream(): Promise<LocalUpstream> {
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"obligations":[]}');
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
