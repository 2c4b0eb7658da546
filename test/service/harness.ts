import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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
}

/**
 * Starts `fph serve` and resolves once it prints where it listens. `from: 'dist'` runs the built
 * CLI exactly as `npm start` does.
 */
export function startServe(
  args: readonly string[],
  options: { from?: 'src' | 'dist'; env?: Record<string, string> } = {},
): Promise<RunningServe> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
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
    child.once('exit', (code) => resolve(code)),
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
