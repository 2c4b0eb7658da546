import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import {
  createTestSchema,
  describePostgres,
  probePostgres,
  type TestSchema,
  urlWithSchema,
} from '@fph-kit/test-support/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalUpstream,
  ROOT,
  type RunningServe,
  startLocalUpstream,
  startServe,
  tempDataDir,
} from './harness.ts';

/**
 * The gateway's records survive: the built `fph serve` is killed with SIGKILL right after an
 * answer and started again on the same store, for SQLite and PostgreSQL; two instances on one
 * PostgreSQL answer the same feedback.
 */

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const DESKTOP = cleanSet('DESKTOP_APP_DIRECT');
const ACCEPT = { Accept: 'application/vnd.hmrc.1.0+json' };
const ENDPOINT = {
  method: 'GET',
  endpoint: '/individuals/calculations/{nino}/self-assessment/{uuid}',
};

interface Recorded {
  path: string;
  sequence: number;
  upstream: { status?: number };
}

/** Every request recorded for the endpoint, through /v1/evidence's history, page by page. */
async function allRecorded(url: string): Promise<Recorded[]> {
  const out: Recorded[] = [];
  let before: number | undefined;
  for (;;) {
    const query = new URLSearchParams({ ...ENDPOINT, history: '1000' });
    if (before !== undefined) query.set('before', String(before));
    const response = await fetch(`${url}/v1/evidence?${query}`);
    if (response.status === 404) return out;
    expect(response.status).toBe(200);
    const page = (await response.json()) as { endpoints: { history: Recorded[] }[] };
    const history = page.endpoints[0]!.history;
    out.push(...history);
    if (history.length < 1000) return out;
    before = history.at(-1)!.sequence;
  }
}

/**
 * Four clients send gateway requests, each to a path of its own, until the service is killed
 * right after the `answers`-th answer. Resolves to the paths that were answered.
 */
async function trafficUntilKilled(serve: RunningServe, answers: number): Promise<string[]> {
  const answered: string[] = [];
  let killed: Promise<void> | undefined;
  const client = async (): Promise<void> => {
    while (!killed) {
      const path = `/individuals/calculations/AA123456A/self-assessment/${randomUUID()}`;
      try {
        const response = await fetch(`${serve.url}${path}`, { headers: WEB });
        await response.arrayBuffer();
        if (killed) return;
        expect(response.status).toBe(200);
        answered.push(path);
        if (answered.length === answers) killed = serve.kill();
      } catch {
        // Cut off by the kill: never answered, so nothing was promised.
        return;
      }
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  await killed;
  return answered;
}

async function crashTest(args: string[], env: Record<string, string> = {}): Promise<void> {
  const upstream = await startLocalUpstream();
  try {
    const first = await startServe(['--port', '0', '--upstream', upstream.url, ...args], {
      from: 'dist',
      env,
    });
    const answered = await trafficUntilKilled(first, 60);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startServe(['--port', '0', '--upstream', upstream.url, ...args], {
      from: 'dist',
      env,
    });
    try {
      const recorded = await allRecorded(second.url);
      const byPath = new Map(recorded.map((r) => [r.path, r]));
      // Every answered request is there, once, with the upstream's status.
      expect(answered.filter((p) => !byPath.has(p))).toEqual([]);
      expect(new Set(recorded.map((r) => r.path)).size).toBe(recorded.length);
      for (const path of answered) expect(byPath.get(path)!.upstream.status, path).toBe(200);
      const feedback = await fetch(
        `${second.url}/test/fraud-prevention-headers/individual-calculations-mtd/validation-feedback`,
        { headers: ACCEPT },
      );
      expect(((await feedback.json()) as { requests: unknown[] }).requests).toHaveLength(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  } finally {
    await upstream.close();
  }
}

const BUILT = ['apps/cli/dist/main.js', 'apps/validator/dist/index.js'];
beforeAll(() => {
  // npm test builds first; run without a build, this fails rather than passing unseen.
  expect(
    BUILT.filter((file) => !existsSync(`${ROOT}${file}`)),
    'not built: run pnpm build',
  ).toEqual([]);
});

describe('SQLite: kill -9 right after an answer loses nothing', () => {
  it('has every answered request after a restart on the same data folder', async () => {
    const data = tempDataDir('crash');
    try {
      await crashTest(['--data-dir', data.path]);
    } finally {
      data.remove();
    }
  }, 120_000);
});

const target = await probePostgres();
describePostgres(target, 'PostgreSQL: durable and shared', (url) => {
  let schema: TestSchema;
  let upstream: LocalUpstream;
  beforeAll(async () => {
    schema = await createTestSchema(url, 'e2e');
    upstream = await startLocalUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
    await schema?.drop();
  });

  it('kill -9 right after an answer loses nothing', async () => {
    const crash = await createTestSchema(url, 'crash');
    try {
      await crashTest(['--database-url', urlWithSchema(url, crash.name)]);
    } finally {
      await crash.drop();
    }
  }, 120_000);

  it("two instances on one database: a request through one is in the other's feedback", async () => {
    // The URL from the environment, as a team would configure both instances.
    const env = { FPH_DATABASE_URL: urlWithSchema(url, schema.name) };
    const [a, b] = await Promise.all([
      startServe(['--port', '0', '--upstream', upstream.url], { from: 'dist', env }),
      startServe(['--port', '0', '--upstream', upstream.url], { from: 'dist', env }),
    ]);
    try {
      expect(a.stdout()).toContain('kept in PostgreSQL at postgres://postgres@127.0.0.1:5432/test');
      const viaA = await fetch(`${a.url}/organisations/vat/564738291/obligations`, {
        headers: WEB,
      });
      expect(viaA.status).toBe(200);
      const feedback = async (serve: RunningServe) => {
        const response = await fetch(
          `${serve.url}/test/fraud-prevention-headers/vat-mtd/validation-feedback`,
          { headers: ACCEPT },
        );
        expect(response.status).toBe(200);
        return (await response.json()) as {
          requests: { method: string; path: string; code: string }[];
        };
      };
      expect((await feedback(b)).requests.map((r) => [r.method, r.path, r.code])).toEqual([
        ['GET', '/organisations/vat/564738291/obligations', 'VALID_HEADERS'],
      ]);
      const viaB = await fetch(`${b.url}/organisations/vat/564738291/returns`, {
        method: 'POST',
        headers: DESKTOP,
        body: '{"periodKey":"26A1"}',
      });
      expect(viaB.status).toBe(200);
      const fromA = await feedback(a);
      expect(fromA.requests.map((r) => [r.method, r.path])).toEqual([
        ['POST', '/organisations/vat/564738291/returns'],
        ['GET', '/organisations/vat/564738291/obligations'],
      ]);
      expect(await feedback(b)).toEqual(fromA);
      const evidence = async (serve: RunningServe) => {
        const body = (await (await fetch(`${serve.url}/v1/evidence`)).json()) as {
          endpoints: unknown[];
          generatedAt?: string;
        };
        delete body.generatedAt;
        return body;
      };
      expect(await evidence(a)).toEqual(await evidence(b));
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  }, 60_000);
});
