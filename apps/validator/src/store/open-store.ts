import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ServiceError } from '../errors.js';
import { createEmit, type LogSink } from '../log.js';
import { readVersion } from '../service-options.js';
import { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import type { RecordStore } from './record-store.js';
import { openSqliteStore } from './sqlite-store.js';

/** Which store to open, and where. */
export type RecordStoreOptions =
  | ({ kind: 'memory' } & MemoryStoreOptions)
  | { kind: 'sqlite' /** The folder holding `records.sqlite`. */; dataDir: string }
  | ({ kind: 'postgres' } & PostgresStoreOptions);

/**
 * The data folder `fph serve` keeps its SQLite records in by default: `$FPH_DATA_DIR`, else
 * `$XDG_DATA_HOME/fph-kit`, else `~/.local/share/fph-kit`.
 */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.FPH_DATA_DIR) return env.FPH_DATA_DIR;
  // The XDG base directory specification ignores relative paths.
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'fph-kit');
  return join(homedir(), '.local', 'share', 'fph-kit');
}

/**
 * Opens a record store, creating or migrating its schema when needed. Rejects with
 * STORE_OPEN_FAILED (the folder or database cannot be used), STORE_TOO_NEW (written by a newer
 * fph-kit; left untouched) or INVALID_OPTIONS.
 */
export async function openRecordStore(
  options: RecordStoreOptions,
  log?: LogSink | false,
): Promise<RecordStore> {
  const version = readVersion();
  switch (options.kind) {
    case 'memory':
      return createMemoryStore(options);
    case 'sqlite':
      return openSqliteStore(options.dataDir, version);
    case 'postgres': {
      if (!/^postgres(ql)?:\/\//.test(options.url)) {
        throw new ServiceError(
          'INVALID_OPTIONS',
          'the database URL must start with postgres:// or postgresql://',
        );
      }
      return openPostgresStore(options, version, createEmit(log ?? false, Date.now));
    }
    default:
      throw new ServiceError(
        'INVALID_OPTIONS',
        `store kind must be memory, sqlite or postgres, got ${JSON.stringify((options as { kind: unknown }).kind)}`,
      );
  }
}
