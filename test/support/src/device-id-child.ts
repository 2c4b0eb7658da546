import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child process answering each device ID path written to its stdin (tests of processes racing). */
export interface DeviceIdChild {
  proc: ChildProcess;
  /** The next line it printed (`ready` first, then JSON results), or undefined once it ended. */
  next(): Promise<string | undefined>;
}

// The child loads @fph-kit/node once (from its sources, resolved from this package's folder), then
// answers every path sent on stdin with the loadDeviceId result, so one start-up serves many rounds.
const DEVICE_ID_CHILD = `
  import { createInterface } from 'node:readline';
  import { loadDeviceId } from '@fph-kit/node';
  process.stdout.write('ready\\n');
  for await (const path of createInterface({ input: process.stdin })) {
    process.stdout.write(JSON.stringify(await loadDeviceId(path)) + '\\n');
  }
`;

export function startDeviceIdChild(): DeviceIdChild {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=@fph-kit/source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      DEVICE_ID_CHILD,
    ],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'ignore'] },
  );
  const lines: (string | undefined)[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  const deliver = (line: string | undefined): void => {
    const taker = waiting.shift();
    if (taker) taker(line);
    else lines.push(line);
  };
  let buffer = '';
  proc.stdout!.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      deliver(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  proc.stdin!.on('error', () => undefined); // writes racing a kill
  proc.on('close', () => {
    for (let i = 0; i < 8; i++) deliver(undefined);
  });
  return {
    proc,
    next: () =>
      lines.length > 0
        ? Promise.resolve(lines.shift())
        : new Promise((resolve) => waiting.push(resolve)),
  };
}
