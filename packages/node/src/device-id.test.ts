import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isUuid } from '@fph-kit/spec';
import { type DeviceIdChild, startDeviceIdChild } from '@fph-kit/test-support/device-id-child';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appDataFolder,
  type DeviceIdFileOps,
  type DeviceIdResult,
  defaultDeviceIdPath,
  folderNameFor,
  loadDeviceId,
} from './device-id.js';
import { isCollectorError } from './errors.js';

let root: string;
let n = 0;
/** A fresh path in a folder that does not exist yet. */
const freshPath = (): string => join(root, `case-${++n}`, 'app', '.fph-device-id');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fph-device-id-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('where the device ID lives', () => {
  const home = (): string => '/home/alice';
  it('Linux: $XDG_DATA_HOME, else ~/.local/share (a relative XDG value is ignored)', () => {
    expect(
      appDataFolder({ platform: 'linux', env: { XDG_DATA_HOME: '/data/alice' }, homedir: home }),
    ).toBe('/data/alice');
    expect(appDataFolder({ platform: 'linux', env: {}, homedir: home })).toBe(
      '/home/alice/.local/share',
    );
    expect(
      appDataFolder({ platform: 'linux', env: { XDG_DATA_HOME: 'rel/dir' }, homedir: home }),
    ).toBe('/home/alice/.local/share');
  });

  it('macOS: ~/Library/Application Support', () => {
    expect(
      defaultDeviceIdPath('My App', { platform: 'darwin', env: {}, homedir: () => '/Users/alice' }),
    ).toBe('/Users/alice/Library/Application Support/My App/.fph-device-id');
  });

  it('Windows: %LOCALAPPDATA% (not the roaming folder), else ~\\AppData\\Local', () => {
    const env = {
      LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local',
      APPDATA: 'C:\\Users\\alice\\AppData\\Roaming',
    };
    expect(
      defaultDeviceIdPath('My App', { platform: 'win32', env, homedir: () => 'C:\\Users\\alice' }),
    ).toBe('C:\\Users\\alice\\AppData\\Local\\My App\\.fph-device-id');
    expect(
      defaultDeviceIdPath('My App', {
        platform: 'win32',
        env: {},
        homedir: () => 'C:\\Users\\alice',
      }),
    ).toBe('C:\\Users\\alice\\AppData\\Local\\My App\\.fph-device-id');
  });

  it('refuses an app name that cannot be a folder name, naming it', () => {
    for (const bad of ['', ' ', 'a/b', 'a\\b', 'con:', '..', 'trailing.', 'bad\u0001']) {
      let caught: unknown;
      try {
        defaultDeviceIdPath(bad, { platform: 'linux', env: {}, homedir: home });
      } catch (error) {
        caught = error;
      }
      expect(isCollectorError(caught) && caught.code).toBe('INVALID_OPTIONS');
      expect((caught as Error).message).toContain(JSON.stringify(bad));
    }
  });

  it('makes a folder name from a product name', () => {
    expect(folderNameFor('Acme Tax: Pro/2026.')).toBe('Acme Tax- Pro-2026');
    expect(folderNameFor('...')).toBe('fph-kit');
  });
});

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('loadDeviceId', () => {
  it('creates a private file on first run, then reads the same ID', async () => {
    const path = freshPath();
    const first = await loadDeviceId(path);
    expect(first.outcome).toBe('created');
    expect(isUuid(first.id)).toBe(true);
    expect(first.warning?.code).toBe('DEVICE_ID_CREATED');
    expect(await readFile(path, 'utf8')).toBe(`${first.id}\n`);
    expect(await mode(path)).toBe(0o600);
    expect(await mode(dirname(path))).toBe(0o700);
    expect(await readdir(dirname(path))).toEqual(['.fph-device-id']); // no temporary file left

    const second = await loadDeviceId(path);
    expect(second).toEqual({ id: first.id, path, outcome: 'read' });
  });

  it('replaces a corrupt file with a new ID and warns', async () => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'this is not a uuid');
    const result = await loadDeviceId(path);
    expect(result.outcome).toBe('replaced');
    expect(result.warning?.code).toBe('DEVICE_ID_CORRUPT');
    expect(result.warning?.message).toContain('"this is not a uuid"');
    expect(await readFile(path, 'utf8')).toBe(`${result.id}\n`);
    expect(await readdir(dirname(path))).toEqual(['.fph-device-id']);
  });

  it('treats an empty file as corrupt', async () => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '');
    const result = await loadDeviceId(path);
    expect(result.outcome).toBe('replaced');
    expect(isUuid((await readFile(path, 'utf8')).trim())).toBe(true);
  });

  it('makes a new ID, with a warning, after the file is deleted', async () => {
    const path = freshPath();
    const first = await loadDeviceId(path);
    await rm(path);
    const again = await loadDeviceId(path);
    expect(again.id).not.toBe(first.id);
    expect(again.warning?.code).toBe('DEVICE_ID_CREATED');
  });

  it('keeps the ID as written (an upper-case GUID stays upper case)', async () => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'BEEC798B-B366-47FA-B1F8-92CEDE14A1CE\r\n');
    expect((await loadDeviceId(path)).id).toBe('BEEC798B-B366-47FA-B1F8-92CEDE14A1CE');
  });

  it('ignores a temporary file left by a writer that was killed', async () => {
    const path = freshPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp-99999-deadbeef`, 'beec798b-b366');
    const result = await loadDeviceId(path);
    expect(result.outcome).toBe('created');
    expect(await readFile(path, 'utf8')).toBe(`${result.id}\n`);
  });

  it('keeps an in-memory ID, with a warning, when the folder cannot be created', async () => {
    const blocker = join(root, `case-${++n}-file`);
    await writeFile(blocker, 'a file where a folder should be');
    const path = join(blocker, 'app', '.fph-device-id');
    const first = await loadDeviceId(path);
    expect(first.outcome).toBe('memory');
    expect(first.warning?.code).toBe('DEVICE_ID_NOT_PERSISTED');
    expect(first.warning?.message).toContain(path);
    // The same ID for the rest of the process.
    expect((await loadDeviceId(path)).id).toBe(first.id);
  });

  it('keeps an in-memory ID when the path cannot be read (a folder)', async () => {
    const path = freshPath();
    await mkdir(path, { recursive: true });
    const result = await loadDeviceId(path);
    expect(result.outcome).toBe('memory');
    expect(isUuid(result.id)).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)(
    'keeps an in-memory ID in a read-only folder (skipped as root, who can write anyway)',
    async () => {
      const path = freshPath();
      await mkdir(dirname(path), { recursive: true });
      await chmod(dirname(path), 0o500);
      try {
        const result = await loadDeviceId(path);
        expect(result.outcome).toBe('memory');
      } finally {
        await chmod(dirname(path), 0o700);
      }
    },
  );

  it('works on a file system without hard links (exclusive create instead)', async () => {
    const fs = await import('node:fs/promises');
    const ops: DeviceIdFileOps = {
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
    const path = freshPath();
    const first = await loadDeviceId(path, ops);
    expect(first.outcome).toBe('created');
    expect(await mode(path)).toBe(0o600);
    expect(await readdir(dirname(path))).toEqual(['.fph-device-id']);
    expect((await loadDeviceId(path, ops)).id).toBe(first.id);
  });
});

describe('processes starting at the same moment', () => {
  let children: DeviceIdChild[] = [];
  beforeAll(async () => {
    children = Array.from({ length: 4 }, startDeviceIdChild);
    const greetings = await Promise.all(children.map((c) => c.next()));
    expect(greetings).toEqual(['ready', 'ready', 'ready', 'ready']);
  });
  afterAll(() => {
    for (const c of children) c.proc.stdin!.end();
  });

  /** Sends the same path to every child at once and collects their results. */
  async function race(path: string): Promise<DeviceIdResult[]> {
    for (const c of children) c.proc.stdin!.write(`${path}\n`);
    const lines = await Promise.all(children.map((c) => c.next()));
    return lines.map((line) => JSON.parse(line ?? 'null') as DeviceIdResult);
  }

  it('end with one ID, created by exactly one of them', async () => {
    for (let round = 0; round < 10; round++) {
      const path = freshPath();
      const results = await race(path);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await readFile(path, 'utf8')).toBe(`${results[0]!.id}\n`);
      expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
      for (const r of results) expect(['created', 'adopted', 'read']).toContain(r.outcome);
      expect(await readdir(dirname(path))).toEqual(['.fph-device-id']);
    }
  });

  it('agree on one new ID when they find the same corrupt file', async () => {
    for (let round = 0; round < 10; round++) {
      const path = freshPath();
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, 'garbage');
      const results = await race(path);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await readFile(path, 'utf8')).toBe(`${results[0]!.id}\n`);
      expect(await readdir(dirname(path))).toEqual(['.fph-device-id']);
    }
  });
});
