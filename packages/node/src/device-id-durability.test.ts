import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUuid } from '@fph-kit/spec';
import { type DeviceIdChild, startDeviceIdChild } from '@fph-kit/test-support/device-id-child';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceIdFileOps, type DeviceIdResult, loadDeviceId } from './device-id.js';

/**
 * The device ID must survive what happens to real desktop apps: killed with SIGKILL at any point
 * of writing it, started several times at once, started with a read-only home folder, or while
 * the process is short of file handles. Once an ID exists it must never change, and loading
 * must never throw.
 */

const moduleUrl = new URL('./device-id.ts', import.meta.url).href;
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/;

let root: string;
let n = 0;
const freshPath = (): string => join(root, `case-${++n}`, 'app', '.fph-device-id');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fph-device-id-durability-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** File operations without hard links, as on FAT or some network shares. */
const NO_LINK_OPS: DeviceIdFileOps = {
  readFile: fs.readFile,
  open: fs.open,
  rename: fs.rename,
  unlink: fs.unlink,
  mkdir: fs.mkdir,
  rmdir: fs.rmdir,
  stat: fs.stat,
  link: async () => {
    throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
  },
};

// A child process that loads the device ID at argv[1] once. Before every file-system step it
// announces the step on stdout and waits for a byte on stdin: the parent then either lets it go
// on or kills it with SIGKILL, so every point between two steps can be a point of death.
// argv[2] is 'links' or 'no-links'.
const GATED_CHILD = `
  import * as fs from 'node:fs/promises';
  import { readSync, writeSync } from 'node:fs';
  import { loadDeviceId } from ${JSON.stringify(moduleUrl)};
  const one = Buffer.alloc(1);
  const gate = (step) => {
    writeSync(1, step + '\\n');
    if (readSync(0, one, 0, 1, null) !== 1) process.exit(9);
  };
  const gated = (name, fn) => async (...args) => { gate(name); return fn(...args); };
  const handle = (h) => ({
    writeFile: gated('write', (...a) => h.writeFile(...a)),
    sync: gated('fsync', () => h.sync()),
    close: gated('close', () => h.close()),
  });
  const ops = {
    readFile: gated('read', fs.readFile),
    open: async (...a) => { gate('open'); return handle(await fs.open(...a)); },
    link: process.argv[2] === 'links'
      ? gated('link', fs.link)
      : gated('link', async () => { throw Object.assign(new Error('no links'), { code: 'EPERM' }); }),
    rename: gated('rename', fs.rename),
    unlink: gated('unlink', fs.unlink),
    mkdir: gated('mkdir', fs.mkdir),
    rmdir: gated('rmdir', fs.rmdir),
    stat: gated('stat', fs.stat),
  };
  const result = await loadDeviceId(process.argv[1], ops);
  writeSync(1, 'result ' + JSON.stringify(result) + '\\n');
`;

interface GatedRun {
  /** The steps announced, in order. */
  steps: string[];
  /** The child's result, when it was not killed. */
  result?: DeviceIdResult;
  killed: boolean;
}

/**
 * Runs the gated child on `path`, killing it with SIGKILL when it announces step number `killAt`
 * (zero-based), before that step runs; `Infinity` lets it finish.
 */
function gatedRun(path: string, mode: 'links' | 'no-links', killAt: number): Promise<GatedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@fph-kit/source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        GATED_CHILD,
        path,
        mode,
      ],
      { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const run: GatedRun = { steps: [], killed: false };
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.startsWith('result ')) {
          run.result = JSON.parse(line.slice(7)) as DeviceIdResult;
        } else if (run.steps.push(line) - 1 === killAt) {
          run.killed = true;
          child.kill('SIGKILL');
        } else {
          child.stdin!.write('g');
        }
      }
    });
    child.stdin!.on('error', () => undefined); // writes racing the kill
    child.on('close', (code, signal) => {
      if (run.killed ? signal === 'SIGKILL' : code === 0) resolve(run);
      else reject(new Error(`child ended with ${code ?? signal}: ${stderr}`));
    });
  });
}

/** What a path holds: 'absent', or the file's exact content. */
async function contentOf(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/** Runs `jobs` at most `width` at a time (the machine has few cores). */
async function inBatches<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += width) {
    results.push(...(await Promise.all(jobs.slice(i, i + width).map((job) => job()))));
  }
  return results;
}

describe.each(['links', 'no-links'] as const)(
  'SIGKILL at every step of a first start (%s)',
  (mode) => {
    const ops = mode === 'links' ? undefined : NO_LINK_OPS;

    it('leaves the file absent or whole, and the next start recovers', async () => {
      // A run to the end lists the steps; then one child per step is killed just before it.
      const full = await gatedRun(freshPath(), mode, Number.POSITIVE_INFINITY);
      expect(full.result?.outcome).toBe('created');
      const count = full.steps.length;
      expect(count).toBeGreaterThanOrEqual(mode === 'links' ? 7 : 9);

      const cases = Array.from({ length: count }, (_, k) => ({ k, path: freshPath() }));
      const runs = await inBatches(
        cases.map(
          ({ k, path }) =>
            () =>
              gatedRun(path, mode, k),
        ),
        4,
      );
      for (const [i, { k, path }] of cases.entries()) {
        const run = runs[i]!;
        expect(run.killed, `killed before step ${k}`).toBe(true);
        const content = await contentOf(path);
        const at = `killed before step ${k} (${run.steps[k]})`;
        expect(
          content === 'absent' || UUID_FILE.test(content),
          `${at}: ${JSON.stringify(content)}`,
        ).toBe(true);
        // A lock a dead process left behind is old by the time anyone finds it; age it rather than wait.
        const lock = `${path}.lock`;
        const locked = await stat(lock).then(
          () => true,
          () => false,
        );
        if (locked) await utimes(lock, new Date(0), new Date(0));
        const next = await loadDeviceId(path, ops);
        if (content === 'absent') {
          expect(next.outcome, at).toBe('created');
        } else {
          expect(next, at).toEqual({ id: content.trim(), path, outcome: 'read' });
        }
        expect(await contentOf(path)).toBe(`${next.id}\n`);
        // Nothing is left that another start could trip over: at most a stray temporary file and,
        // without hard links, the dead process's lock folder (ignored once ten seconds old).
        const left = await readdir(dirname(path));
        const stray = (f: string): boolean =>
          f.includes('.tmp-') || (mode === 'no-links' && f === '.fph-device-id.lock');
        expect(
          left.filter((f) => f !== '.fph-device-id' && !stray(f)),
          at,
        ).toEqual([]);
      }
    }, 120_000);
  },
);

describe('processes starting at once, some killed at random moments', () => {
  let servers: DeviceIdChild[] = [];

  async function start(): Promise<DeviceIdChild> {
    const s = startDeviceIdChild();
    expect(await s.next()).toBe('ready');
    return s;
  }

  beforeAll(async () => {
    servers = await Promise.all(Array.from({ length: 4 }, start));
  }, 60_000);
  afterAll(() => {
    for (const s of servers) s.proc.kill('SIGKILL');
  });

  it('never show a partial file or a second ID, and survivors agree with the file', async () => {
    for (let round = 0; round < 12; round++) {
      const path = freshPath();
      // Watch the file the whole time: every look must find nothing or the one whole ID.
      const seen = new Set<string>();
      let watching = true;
      const watcher = (async () => {
        while (watching) seen.add(await contentOf(path).catch((e: Error) => `error ${e.message}`));
      })();
      for (const s of servers) s.proc.stdin!.write(`${path}\n`);
      // One or two of them die a moment later, somewhere in the middle of their start.
      const victims = new Set([round % 4, (round * 3 + 1) % 4].slice(0, 1 + (round % 2)));
      await new Promise((resolve) => setTimeout(resolve, (round * 7) % 5));
      for (const v of victims) servers[v]!.proc.kill('SIGKILL');
      const answers = await Promise.all(servers.map((s) => s.next()));
      watching = false;
      await watcher;

      const content = await contentOf(path);
      seen.add(content);
      const ids = [...seen].filter((c) => c !== 'absent');
      expect(ids.length, `round ${round}: ${JSON.stringify([...seen])}`).toBeLessThanOrEqual(1);
      for (const c of ids) expect(c).toMatch(UUID_FILE);
      for (const [i, line] of answers.entries()) {
        if (line === undefined) continue; // killed before it answered
        const result = JSON.parse(line) as DeviceIdResult;
        expect(`${result.id}\n`, `survivor ${i}, round ${round}`).toBe(content);
      }
      // An ID that existed never changes: every start from now on reads it.
      if (content !== 'absent') {
        const later = await loadDeviceId(path);
        expect(later).toEqual({ id: content.trim(), path, outcome: 'read' });
      }
      // Replace the killed ones for the next round.
      servers = await Promise.all(
        servers.map((s, i) => (answers[i] === undefined || victims.has(i) ? start() : s)),
      );
    }
  }, 120_000);
});

describe('a home folder that cannot be written', () => {
  /** Operations on a read-only file system: reading works, every change fails with EROFS. */
  const readOnly = (): DeviceIdFileOps => {
    const erofs = async (): Promise<never> => {
      throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
    };
    return {
      readFile: fs.readFile,
      stat: fs.stat,
      open: (async (file: string, flags?: string) =>
        flags === 'r' ? fs.open(file, flags) : erofs()) as DeviceIdFileOps['open'],
      link: erofs,
      rename: erofs,
      unlink: erofs,
      mkdir: erofs,
      rmdir: erofs,
    };
  };

  it('keeps an existing ID, and never touches a file it cannot replace', async () => {
    const valid = freshPath();
    await mkdir(dirname(valid), { recursive: true });
    await writeFile(valid, 'beec798b-b366-47fa-b1f8-92cede14a1cf\n');
    expect(await loadDeviceId(valid, readOnly())).toEqual({
      id: 'beec798b-b366-47fa-b1f8-92cede14a1cf',
      path: valid,
      outcome: 'read',
    });

    const corrupt = freshPath();
    await mkdir(dirname(corrupt), { recursive: true });
    await writeFile(corrupt, 'not an id');
    const kept = await loadDeviceId(corrupt, readOnly());
    expect(kept.outcome).toBe('memory');
    expect(kept.warning?.code).toBe('DEVICE_ID_NOT_PERSISTED');
    expect(await readFile(corrupt, 'utf8')).toBe('not an id');

    const absent = freshPath();
    const memory = await loadDeviceId(absent, readOnly());
    expect(memory.outcome).toBe('memory');
    expect(isUuid(memory.id)).toBe(true);
    expect(memory.warning?.message).toContain('read-only file system');
  });

  // As root, chmod does not stop writes; a read-only mount does. It is made in a private mount
  // namespace (unshare), so it vanishes with the child and never touches the rest of the machine.
  const canMount = (() => {
    try {
      execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs /mnt'], {
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!canMount)(
    'on a real read-only mount: reads the ID there, makes none, changes nothing, never throws',
    async () => {
      const home = join(root, `home-${++n}`);
      const app = join(home, '.local', 'share', 'Acme Tax');
      await mkdir(app, { recursive: true });
      await writeFile(join(app, '.fph-device-id'), '7dfe2e66-aa22-47ce-bbfe-7731d3c4e0d8\n');
      await mkdir(join(home, '.local', 'share', 'Corrupt'), { recursive: true });
      await writeFile(join(home, '.local', 'share', 'Corrupt', '.fph-device-id'), 'garbage');
      const paths = ['Acme Tax', 'Corrupt', 'New App'].map((a) =>
        join(home, '.local', 'share', a, '.fph-device-id'),
      );
      const script = `
        import { loadDeviceId } from ${JSON.stringify(moduleUrl)};
        const out = [];
        for (const p of ${JSON.stringify(paths)}) out.push(await loadDeviceId(p));
        console.log(JSON.stringify(out));
      `;
      // Bind the home folder onto itself read-only, then run the collector's loader in it.
      const shell = `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --conditions=@fph-kit/source --import tsx --input-type=module -e "$3"`;
      const out = execFileSync(
        'unshare',
        ['-m', '--propagation', 'private', 'sh', '-c', shell, 'sh', home, process.execPath, script],
        { cwd: packageDir, encoding: 'utf8' },
      );
      const [existing, corrupt, created] = JSON.parse(out) as DeviceIdResult[];
      expect(existing).toEqual({
        id: '7dfe2e66-aa22-47ce-bbfe-7731d3c4e0d8',
        path: paths[0],
        outcome: 'read',
      });
      expect(corrupt!.outcome).toBe('memory');
      expect(corrupt!.warning?.message).toMatch(/read-only file system/);
      expect(created!.outcome).toBe('memory');
      expect(created!.warning?.code).toBe('DEVICE_ID_NOT_PERSISTED');
      // Outside the namespace nothing changed.
      expect(await readFile(paths[0]!, 'utf8')).toBe('7dfe2e66-aa22-47ce-bbfe-7731d3c4e0d8\n');
      expect(await readFile(paths[1]!, 'utf8')).toBe('garbage');
      expect(await contentOf(paths[2]!)).toBe('absent');
    },
    60_000,
  );
});

describe('a process short of file handles', () => {
  it('reads the existing ID again rather than falling back to a new one', async () => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'beec798b-b366-47fa-b1f8-92cede14a1cf\n');
    let failures = 3;
    const ops: DeviceIdFileOps = {
      ...NO_LINK_OPS,
      link: fs.link,
      readFile: (async (...args: Parameters<typeof fs.readFile>) => {
        if (failures-- > 0) {
          throw Object.assign(new Error('too many open files'), { code: 'EMFILE' });
        }
        return fs.readFile(...args);
      }) as DeviceIdFileOps['readFile'],
    };
    expect(await loadDeviceId(path, ops)).toEqual({
      id: 'beec798b-b366-47fa-b1f8-92cede14a1cf',
      path,
      outcome: 'read',
    });
  });
});
