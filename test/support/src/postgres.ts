import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/**
 * PostgreSQL for tests: the server named by FPH_TEST_DATABASE_URL (`.ci/run` sets it to the local
 * server), one schema per test file or test, dropped afterwards, so runs never see each other's
 * rows. Without a reachable server the PostgreSQL tests are skipped, and say so, except under CI
 * (CI=true), where they fail: CI must run them.
 */

export type PostgresTarget = { url: string } | { url?: undefined; reason: string };

/** Whether FPH_TEST_DATABASE_URL names a server that answers. */
export async function probePostgres(env: NodeJS.ProcessEnv = process.env): Promise<PostgresTarget> {
  const url = env.FPH_TEST_DATABASE_URL;
  if (!url) return { reason: 'FPH_TEST_DATABASE_URL is not set' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return {
      reason: `PostgreSQL at FPH_TEST_DATABASE_URL did not answer (${e.code ?? e.message})`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `describe` for PostgreSQL tests: runs them when the server answers; otherwise a failing test
 * under CI, and elsewhere skipped with the reason printed.
 */
export function describePostgres(
  target: PostgresTarget,
  name: string,
  body: (url: string) => void,
): void {
  if (target.url !== undefined) {
    const { url } = target;
    describe(name, () => body(url));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a PostgreSQL server to run against (CI runs these tests, never skips them)', () => {
        throw new Error(
          `${target.reason}: CI must run the PostgreSQL tests; .ci/run sets FPH_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`,
        );
      });
    });
    return;
  }
  console.warn(
    `PostgreSQL tests skipped (${name}): ${target.reason}. Set FPH_TEST_DATABASE_URL=postgres://user@host:port/database to run them.`,
  );
  describe.skip(`${name} (skipped: ${target.reason})`, () => body(''));
}

export interface TestSchema {
  name: string;
  drop(): Promise<void>;
}

/** A new, empty schema of its own. */
export async function createTestSchema(url: string, label = 'test'): Promise<TestSchema> {
  const name = `fph_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  return {
    name,
    async drop() {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** The URL with `search_path` set to a schema, as `fph serve --database-url` takes it. */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.href;
}
