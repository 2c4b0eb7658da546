import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Listening, PeerTable } from './http.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildServer
  extends Pick<Listening, 'origin' | 'host' | 'port' | 'peers' | 'close'> {
  /** What the process wrote to stderr so far (its problem log). */
  stderr(): string;
  child: ChildProcess;
}

/**
 * Runs a TypeScript entry of this repository in its own Node process, from sources, and waits
 * for it to print `listening on http://host:port`. Express runs there with Node's own module
 * resolution (vitest's workers resolve CommonJS packages with the `import` condition, which
 * Express 5's router does not survive).
 */
export function startNodeServer(
  entry: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ChildServer> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    ['--conditions=@fph-kit/source', '--import', 'tsx', entry, ...args],
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  return new Promise<ChildServer>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${entry} exited (${code}) before listening: ${err.trim()}`));
    child.once('exit', onExit);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/(\S+):(\d+))/.exec(out);
      if (!match) return;
      child.off('exit', onExit);
      const host = match[2]!.replace(/^\[|\]$/g, '');
      resolve({
        child,
        origin: match[1]!,
        host,
        port: Number(match[3]),
        peers: new PeerTable(),
        stderr: () => err,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
