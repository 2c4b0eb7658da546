import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, posix, win32 } from 'node:path';
import { isUuid } from '@fph-kit/spec';
import { CollectorError } from './errors.js';

/**
 * The device ID: a UUID generated once per device and kept in a hidden file under the user's
 * application data folder.
 *
 * Writes are atomic: the ID goes into a private temporary file (mode 0600, fsynced), which is then
 * hard-linked to the final name. A link fails when the name exists, so two processes starting at
 * once cannot both create it: the loser reads the winner's ID. A reader therefore never sees a
 * half-written file, and a process killed mid-write leaves at most a stray temporary file. Where
 * there are no hard links (FAT, some network shares) the complete temporary file is renamed into
 * place under a lock folder instead, with the same guarantees. A file that holds an ID is never
 * written again.
 */

/** The file name inside the application's folder (a dot file, hidden on Linux and macOS). */
export const DEVICE_ID_FILE_NAME = '.fph-device-id';

export interface DeviceIdLocation {
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  homedir(): string;
}

/** How loading ended: read an existing file, created one, or kept the ID in memory only. */
export type DeviceIdOutcome =
  /** The file held a valid ID. */
  | 'read'
  /** No file: this process created it. */
  | 'created'
  /** No file, but another process created it first; its ID is used. */
  | 'adopted'
  /** The file did not hold a UUID; a new ID replaced it. */
  | 'replaced'
  /** The file could not be read or written; the ID lives in memory for this process. */
  | 'memory';

export interface DeviceIdResult {
  id: string;
  path: string;
  outcome: DeviceIdOutcome;
  /** Set for `replaced`, `memory` and `created` (which may mean the file was deleted). */
  warning?: { code: DeviceIdWarningCode; message: string };
}

export type DeviceIdWarningCode =
  | 'DEVICE_ID_CREATED'
  | 'DEVICE_ID_CORRUPT'
  | 'DEVICE_ID_NOT_PERSISTED';

/**
 * The per-user application data folder: `$XDG_DATA_HOME` or `~/.local/share` on Linux and other
 * Unix systems, `~/Library/Application Support` on macOS, `%LOCALAPPDATA%` on Windows. Windows
 * uses the local, not the roaming (`%APPDATA%`), folder: a roaming profile would copy the ID to
 * every machine the user signs in to, and the ID must identify one device.
 */
export function appDataFolder(location: DeviceIdLocation): string {
  const { platform, env } = location;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return local && win32.isAbsolute(local)
      ? local
      : win32.join(location.homedir(), 'AppData', 'Local');
  }
  if (platform === 'darwin')
    return posix.join(location.homedir(), 'Library', 'Application Support');
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  return xdg && posix.isAbsolute(xdg) ? xdg : posix.join(location.homedir(), '.local', 'share');
}

// Characters no file system accepts in a folder name (Windows is the strictest).
const BAD_FOLDER_CHARS = /[<>:"/\\|?*\u0000-\u001f]/;

/**
 * Default path of the device ID file: `<app data folder>/<appName>/.fph-device-id`. Throws
 * {@link CollectorError} `INVALID_OPTIONS` for an app name that cannot be a folder name.
 */
export function defaultDeviceIdPath(appName: string, location: DeviceIdLocation): string {
  if (
    typeof appName !== 'string' ||
    appName.trim() === '' ||
    BAD_FOLDER_CHARS.test(appName) ||
    appName === '.' ||
    appName === '..' ||
    /[. ]$/.test(appName)
  ) {
    throw new CollectorError(
      'INVALID_OPTIONS',
      `deviceId.appName ${JSON.stringify(appName)} cannot be a folder name: use letters, digits, spaces, '-', '_' or '.', not ending in '.' or a space`,
    );
  }
  const join = location.platform === 'win32' ? win32.join : posix.join;
  return join(appDataFolder(location), appName, DEVICE_ID_FILE_NAME);
}

/** A folder name made from a product name, for the default location (unsafe characters become `-`). */
export function folderNameFor(productName: string): string {
  const cleaned = productName
    .replace(new RegExp(BAD_FOLDER_CHARS.source, 'g'), '-')
    .replace(/[. ]+$/, '')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'fph-kit' : cleaned;
}

/** File operations, replaceable in tests (for example a file system without hard links). */
export interface DeviceIdFileOps {
  readFile: typeof readFile;
  open: typeof open;
  link: typeof link;
  rename: typeof rename;
  unlink: typeof unlink;
  mkdir: typeof mkdir;
  rmdir: typeof rmdir;
  stat: typeof stat;
}

const REAL_OPS: DeviceIdFileOps = { readFile, open, link, rename, unlink, mkdir, rmdir, stat };

/** IDs kept in memory when a path cannot be written, so every collector of the process agrees. */
const sessionIds = new Map<string, string>();

type ReadState =
  | { kind: 'valid'; id: string }
  | { kind: 'absent' }
  | { kind: 'corrupt'; content: string }
  | { kind: 'unreadable'; error: unknown };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Errors that say "not now" rather than "not here" (too many open files, a busy or interrupted
 * call): reading again shortly is worth it, since giving up would send a different ID for the
 * life of the process although the file holds one.
 */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR']);

async function readState(path: string, ops: DeviceIdFileOps): Promise<ReadState> {
  for (let attempt = 0; ; attempt++) {
    let content: string;
    try {
      content = await ops.readFile(path, 'utf8');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { kind: 'absent' };
      if (code !== undefined && TRANSIENT.has(code) && attempt < 6) {
        await delay(10 * 2 ** attempt); // 10 ms, doubling: 630 ms in all
        continue;
      }
      return { kind: 'unreadable', error };
    }
    const id = content.trim();
    return isUuid(id) ? { kind: 'valid', id } : { kind: 'corrupt', content };
  }
}

type PublishResult =
  | { kind: 'published' }
  | { kind: 'exists' }
  | { kind: 'failed'; error: unknown };

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function tempName(path: string, tag: string): string {
  return `${path}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function writePrivate(ops: DeviceIdFileOps, path: string, id: string): Promise<void> {
  const handle = await ops.open(path, 'wx', 0o600);
  try {
    await handle.writeFile(`${id}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(ops: DeviceIdFileOps, folder: string): Promise<void> {
  // Makes the new name durable; not possible on Windows, where opening a folder fails.
  try {
    const handle = await ops.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

/** Publishes `id` at `path` only if nothing is there yet. */
async function publish(path: string, id: string, ops: DeviceIdFileOps): Promise<PublishResult> {
  const folder = dirname(path);
  try {
    await ops.mkdir(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    return { kind: 'failed', error };
  }
  const temp = tempName(path, 'tmp');
  try {
    await writePrivate(ops, temp, id);
  } catch (error) {
    return { kind: 'failed', error };
  }
  try {
    await ops.link(temp, path);
    await syncFolder(ops, folder);
    return { kind: 'published' };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return { kind: 'exists' };
    if (!code || !NO_HARD_LINKS.has(code)) return { kind: 'failed', error };
  } finally {
    await ops.unlink(temp).catch(() => undefined);
  }
  // No hard links here (FAT, some network shares). Creating the file itself exclusively would
  // leave it empty if the process died before writing; instead, under the lock, a complete
  // temporary file is renamed into place when nothing is there yet.
  const locked = await underLock(path, ops, async (state) => {
    if (state.kind !== 'absent') return { kind: 'exists' } as const;
    await replaceWith(path, id, ops);
    return { kind: 'published' } as const;
  });
  return locked.kind === 'valid' ? { kind: 'exists' } : locked;
}

/** Writes `id` to a private temporary file and renames it over `path` (atomic, complete). */
async function replaceWith(path: string, id: string, ops: DeviceIdFileOps): Promise<void> {
  const temp = tempName(path, 'tmp');
  try {
    await writePrivate(ops, temp, id);
    await ops.rename(temp, path);
  } catch (error) {
    await ops.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(ops, dirname(path));
}

type ReplaceResult =
  | { kind: 'replaced'; id: string }
  | { kind: 'valid'; id: string }
  | { kind: 'absent' }
  | { kind: 'failed'; error: unknown };

/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 10_000;

/**
 * Runs `work` holding the lock folder `<path>.lock` (`mkdir` is atomic and exclusive on every
 * file system), with the file's state as read under the lock. While another process holds it,
 * waits; when the file meanwhile holds an ID, returns that instead (`valid`). `work` failing, or
 * the lock staying taken for about three seconds, gives `failed`.
 */
async function underLock<T extends { kind: string }>(
  path: string,
  ops: DeviceIdFileOps,
  work: (state: ReadState) => Promise<T>,
): Promise<T | { kind: 'valid'; id: string } | { kind: 'failed'; error: unknown }> {
  const lock = `${path}.lock`;
  for (let wait = 0; wait < 300; wait++) {
    try {
      await ops.mkdir(lock);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') return { kind: 'failed', error };
      const state = await readState(path, ops);
      if (state.kind === 'valid') return state;
      const since = await ops.stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) await ops.rmdir(lock).catch(() => undefined);
      else await delay(10);
      continue;
    }
    try {
      return await work(await readState(path, ops));
    } catch (error) {
      return { kind: 'failed', error };
    } finally {
      await ops.rmdir(lock).catch(() => undefined);
    }
  }
  return { kind: 'failed', error: new Error(`${lock} stayed locked by another process`) };
}

/**
 * Replaces a corrupt file. Unlike a first start, the name already exists, so an exclusive link
 * cannot decide between racing processes: the lock lets one process replace the file (atomic
 * rename) while the others wait and then read its ID.
 */
async function replaceCorrupt(path: string, ops: DeviceIdFileOps): Promise<ReplaceResult> {
  return underLock(path, ops, async (state): Promise<ReplaceResult> => {
    if (state.kind === 'valid' || state.kind === 'absent') return state;
    if (state.kind === 'unreadable') return { kind: 'failed', error: state.error };
    const id = randomUUID();
    await replaceWith(path, id, ops);
    return { kind: 'replaced', id };
  });
}

function inMemory(path: string, reason: string): DeviceIdResult {
  let id = sessionIds.get(path);
  if (!id) {
    id = randomUUID();
    sessionIds.set(path, id);
  }
  return {
    id,
    path,
    outcome: 'memory',
    warning: {
      code: 'DEVICE_ID_NOT_PERSISTED',
      message: `could not keep the device ID in ${path} (${reason}); using an ID held in memory for this process, so the next start will send a different one`,
    },
  };
}

/**
 * Reads the device ID at `path`, creating it when absent and replacing it when it does not hold a
 * UUID. Never rejects: when the file cannot be read or written the ID lives in memory for the
 * process and the result carries a warning.
 */
export async function loadDeviceId(
  path: string,
  ops: DeviceIdFileOps = REAL_OPS,
): Promise<DeviceIdResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await readState(path, ops);
    if (state.kind === 'valid') {
      return { id: state.id, path, outcome: attempt === 0 ? 'read' : 'adopted' };
    }
    if (state.kind === 'unreadable') return inMemory(path, describeError(state.error));
    if (state.kind === 'corrupt') {
      const result = await replaceCorrupt(path, ops);
      if (result.kind === 'failed') return inMemory(path, describeError(result.error));
      // Replaced here, or by another process that found the same corrupt file.
      if (result.kind !== 'absent') return replaced(result.id, path, state.content);
      continue;
    }
    const id = randomUUID();
    const published = await publish(path, id, ops);
    if (published.kind === 'failed') return inMemory(path, describeError(published.error));
    if (published.kind === 'published') {
      return {
        id,
        path,
        outcome: 'created',
        warning: {
          code: 'DEVICE_ID_CREATED',
          message: `no device ID file at ${path}: created a new device ID (first run on this device, or the file was deleted)`,
        },
      };
    }
    // exists: another process won the race; read its ID on the next round.
  }
  return inMemory(path, 'the file kept changing while it was being read');
}

function replaced(id: string, path: string, content: string): DeviceIdResult {
  const shown =
    content.length > 40 ? `${JSON.stringify(content.slice(0, 40))}...` : JSON.stringify(content);
  return {
    id,
    path,
    outcome: 'replaced',
    warning: {
      code: 'DEVICE_ID_CORRUPT',
      message: `the device ID file ${path} held ${shown}, not a UUID: replaced it with a new device ID`,
    },
  };
}
