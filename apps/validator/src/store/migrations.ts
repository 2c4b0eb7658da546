import { ServiceError } from '../errors.js';

/**
 * The record stores' schema, versioned. Each migration moves a store from the version before it to
 * its own, in one transaction, and is recorded in `fph_schema` with the fph-kit version that
 * applied it. A store whose version is newer than the last migration here was written by a newer
 * fph-kit: it is refused and left untouched. Never edit a released migration: add the next one.
 */

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** The first schema, in either dialect (they differ only in how ids are made). */
function recordsSchema(id: string, bigint: string): string {
  return `
CREATE TABLE fph_endpoints (
  id ${id},
  method TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  api TEXT,
  UNIQUE (method, endpoint)
);
CREATE INDEX fph_endpoints_api ON fph_endpoints (api);
CREATE TABLE fph_records (
  id ${id.replace('INTEGER PRIMARY KEY', 'INTEGER PRIMARY KEY AUTOINCREMENT')},
  endpoint_id ${bigint} NOT NULL REFERENCES fph_endpoints (id) ON DELETE CASCADE,
  recorded_at ${bigint} NOT NULL,
  path TEXT NOT NULL,
  connection_method TEXT,
  headers TEXT NOT NULL,
  verdict TEXT NOT NULL,
  upstream_status INTEGER,
  upstream_error TEXT
);
CREATE INDEX fph_records_endpoint ON fph_records (endpoint_id, id);
CREATE INDEX fph_records_endpoint_method ON fph_records (endpoint_id, connection_method, id);
CREATE INDEX fph_records_time ON fph_records (recorded_at);
CREATE TABLE fph_counters (name TEXT PRIMARY KEY, value ${bigint} NOT NULL);
INSERT INTO fph_counters (name, value) VALUES ('evicted', 0);
`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'gateway records',
    sqlite: recordsSchema('INTEGER PRIMARY KEY', 'INTEGER'),
    postgres: recordsSchema('BIGSERIAL PRIMARY KEY', 'BIGINT'),
  },
];

/** Notes a migration as applied. */
export const APPLIED_SQL =
  'INSERT INTO fph_schema (version, name, applied_at, applied_by) VALUES (?, ?, ?, ?)';

/** The table that says which migrations a store has. */
export const SCHEMA_TABLE_SQL =
  'CREATE TABLE fph_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL)';

/** The newest version a store has, and who wrote it. */
export const CURRENT_VERSION_SQL =
  'SELECT version, applied_by FROM fph_schema ORDER BY version DESC LIMIT 1';

export interface FoundVersion {
  version: number;
  applied_by: string;
}

/**
 * The migrations still to apply to a store at `found` (none found: a new store), or STORE_TOO_NEW
 * when a newer fph-kit wrote it.
 */
export function pendingMigrations(
  found: FoundVersion | undefined,
  location: string,
  migrations: readonly Migration[],
  thisVersion: string,
): Migration[] {
  const known = migrations.at(-1)?.version ?? 0;
  const at = found ? Number(found.version) : 0;
  if (at > known) {
    throw new ServiceError(
      'STORE_TOO_NEW',
      `the records at ${location} were written by ${found!.applied_by} (schema version ${at}); this fph-kit (${thisVersion}) reads schema versions up to ${known}, so it leaves them untouched: upgrade fph-kit, or keep this version's records elsewhere`,
      { extensions: { schemaVersion: at, supported: known } },
    );
  }
  return migrations.filter((m) => m.version > at);
}
