import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  createTestSchema,
  describePostgres,
  probePostgres,
  type TestSchema,
} from '@fph-kit/test-support/postgres';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isServiceError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { openRecordStore } from './open-store.js';
import { openPostgresStore } from './postgres-store.js';
import { judgeRequest } from './record-store.js';
import { openSqliteStore, SQLITE_FILE } from './sqlite-store.js';

/** Versioned schema: new stores are created, old ones migrated, newer ones refused untouched. */

const WEB = Object.entries(cleanSet('WEB_APP_VIA_SERVER'));
const draft = () =>
  judgeRequest('GET', '/organisations/vat/564738291/obligations', WEB, NOW.getTime());

/** A second version of the schema, as a later fph-kit would add it. */
const NEXT: Migration[] = [
  ...MIGRATIONS,
  {
    version: 2,
    name: 'a note per request',
    sqlite: 'ALTER TABLE fph_records ADD COLUMN note TEXT',
    postgres: 'ALTER TABLE fph_records ADD COLUMN note TEXT',
  },
];

async function refusal(open: () => unknown): Promise<Error & { code: string }> {
  try {
    await open();
  } catch (error) {
    if (isServiceError(error)) return error;
    throw error;
  }
  throw new Error('expected the store to be refused');
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('SQLite schema versions', () => {
  const dirs: string[] = [];
  const newDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'fph-migrate-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a new store at the latest version, in WAL mode, readable only by its owner', async () => {
    const dir = join(newDir(), 'nested', 'data');
    const store = await openRecordStore({ kind: 'sqlite', dataDir: dir });
    await store.close();
    const db = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(db.prepare('SELECT version, applied_by FROM fph_schema').all()).toEqual([
      { version: 1, applied_by: 'fph-kit 0.1.0' },
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const { statSync } = await import('node:fs');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, SQLITE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('migrates a store written by an older version, keeping its records', async () => {
    const dir = newDir();
    const old = openSqliteStore(dir, '0.1.0');
    const entry = await old.add(draft(), 10);
    await old.close();
    const upgraded = openSqliteStore(dir, '0.2.0', NEXT);
    expect((await upgraded.latest()).map((r) => r.sequence)).toEqual([entry.sequence]);
    await upgraded.close();
    const db = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(db.prepare('SELECT version, applied_by FROM fph_schema ORDER BY version').all()).toEqual(
      [
        { version: 1, applied_by: 'fph-kit 0.1.0' },
        { version: 2, applied_by: 'fph-kit 0.2.0' },
      ],
    );
    db.close();
  });

  it('refuses a store written by a newer version with a clear message, and leaves it untouched', async () => {
    const dir = newDir();
    const newer = openSqliteStore(dir, '0.2.0', NEXT);
    await newer.add(draft(), 10);
    await newer.close();
    const file = join(dir, SQLITE_FILE);
    const before = sha(file);
    const error = await refusal(() => openRecordStore({ kind: 'sqlite', dataDir: dir }));
    expect(error.code).toBe('STORE_TOO_NEW');
    expect(error.message).toBe(
      `the records at ${file} were written by fph-kit 0.2.0 (schema version 2); this fph-kit (0.1.0) reads schema versions up to 1, so it leaves them untouched: upgrade fph-kit, or keep this version's records elsewhere`,
    );
    expect(sha(file)).toBe(before);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM fph_records').get()).toEqual({ n: 1 });
    db.close();
  });

  it('says so when the file is not an SQLite database, and leaves it alone', async () => {
    const dir = newDir();
    writeFileSync(
      join(dir, SQLITE_FILE),
      'these are not the records you are looking for\n'.repeat(100),
    );
    const error = await refusal(() => openRecordStore({ kind: 'sqlite', dataDir: dir }));
    expect(error.code).toBe('STORE_OPEN_FAILED');
    expect(error.message).toContain('is not an SQLite database');
    expect(readFileSync(join(dir, SQLITE_FILE), 'utf8')).toMatch(/^these are not/);
  });

  it('says which folder cannot be used when the data folder cannot be created', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'a-file'), '');
    const error = await refusal(() =>
      openRecordStore({ kind: 'sqlite', dataDir: join(dir, 'a-file', 'data') }),
    );
    expect(error.code).toBe('STORE_OPEN_FAILED');
    expect(error.message).toBe(
      `cannot create the data folder ${join(dir, 'a-file', 'data')} (ENOTDIR: ENOTDIR: not a directory, mkdir '${join(dir, 'a-file', 'data')}')`,
    );
    const asFile = await refusal(() =>
      openRecordStore({ kind: 'sqlite', dataDir: join(dir, 'a-file') }),
    );
    expect(asFile.message).toBe(`the data folder ${join(dir, 'a-file')} is a file, not a folder`);
    mkdirSync(join(dir, 'ok'));
  });
});

const target = await probePostgres();
describePostgres(target, 'PostgreSQL schema versions', (url) => {
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await schema?.drop();
    schema = undefined;
  });
  const log = () => undefined;
  const tables = async (name: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
        [name],
      );
      const versions = (
        await client.query(`SELECT version, applied_by FROM ${name}.fph_schema ORDER BY version`)
      ).rows;
      const records = (await client.query(`SELECT id, path FROM ${name}.fph_records ORDER BY id`))
        .rows;
      return { columns: rows, versions, records };
    } finally {
      await client.end();
    }
  };

  it('creates, migrates keeping records, and refuses a newer store untouched', async () => {
    schema = await createTestSchema(url, 'migrate');
    const options = { url, schema: schema.name };
    const first = await openPostgresStore(options, '0.1.0', log);
    const entry = await first.add(draft(), 10);
    await first.close();
    expect((await tables(schema.name)).versions).toEqual([
      { version: 1, applied_by: 'fph-kit 0.1.0' },
    ]);

    const second = await openPostgresStore(options, '0.2.0', log, NEXT);
    expect((await second.latest()).map((r) => r.sequence)).toEqual([entry.sequence]);
    await second.close();
    const before = await tables(schema.name);
    expect(before.versions).toEqual([
      { version: 1, applied_by: 'fph-kit 0.1.0' },
      { version: 2, applied_by: 'fph-kit 0.2.0' },
    ]);

    const error = await refusal(() => openRecordStore({ kind: 'postgres', ...options }));
    expect(error.code).toBe('STORE_TOO_NEW');
    expect(error.message).toContain(
      'were written by fph-kit 0.2.0 (schema version 2); this fph-kit (0.1.0) reads schema versions up to 1, so it leaves them untouched',
    );
    expect(await tables(schema.name)).toEqual(before);
  });

  it('lets instances starting together migrate one at a time', async () => {
    schema = await createTestSchema(url, 'together');
    const stores = await Promise.all(
      [1, 2, 3].map(() => openRecordStore({ kind: 'postgres', url, schema: schema!.name })),
    );
    expect((await tables(schema.name)).versions).toEqual([
      { version: 1, applied_by: 'fph-kit 0.1.0' },
    ]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("puts its tables in the schema given, keeping the URL's own server settings", async () => {
    schema = await createTestSchema(url, 'options');
    const withSettings = new URL(url);
    withSettings.searchParams.set('options', '-c synchronous_commit=off');
    const store = await openRecordStore({
      kind: 'postgres',
      url: withSettings.href,
      schema: schema.name,
    });
    await store.add(draft(), 10);
    await store.close();
    const found = await tables(schema.name);
    expect(found.versions).toEqual([{ version: 1, applied_by: 'fph-kit 0.1.0' }]);
    expect(found.records).toHaveLength(1);
  });

  it('says where it could not reach, without the password', async () => {
    const parsed = new URL(url);
    parsed.password = 'sekrit-password';
    parsed.port = '9';
    const error = await refusal(() => openRecordStore({ kind: 'postgres', url: parsed.href }));
    expect(error.code).toBe('STORE_OPEN_FAILED');
    expect(error.message).toMatch(
      /^cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:9\/test: .*ECONNREFUSED/,
    );
    expect(error.message).not.toContain('sekrit');
  });

  it('says when the schema to use does not exist', async () => {
    const error = await refusal(() =>
      openRecordStore({ kind: 'postgres', url, schema: 'fph_no_such_schema' }),
    );
    expect(error.code).toBe('STORE_OPEN_FAILED');
    expect(error.message).toContain('(schema fph_no_such_schema)');
  });
});
