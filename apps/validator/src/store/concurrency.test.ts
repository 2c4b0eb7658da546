import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import {
  createTestSchema,
  describePostgres,
  probePostgres,
  type TestSchema,
} from '@fph-kit/test-support/postgres';
import { startService, startUpstream, type Upstream } from '@fph-kit/test-support/service-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { openRecordStore } from './open-store.js';
import type { RecordedRequest, RecordStore } from './record-store.js';

/**
 * Eight clients through the gateway for 20 seconds on each store: every answered request is
 * recorded exactly once, with the upstream's status, nothing is lost and nothing answers 5xx.
 * The figures of interest are correctness, not speed (the machine may be busy).
 */

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const CLIENTS = 8;
const SECONDS = 20;
const ENDPOINT = {
  method: 'GET',
  endpoint: '/individuals/calculations/{nino}/self-assessment/{uuid}',
};

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"calculationId":"ok"}');
  });
});
afterAll(async () => {
  await upstream.close();
});

async function everyRecorded(store: RecordStore): Promise<RecordedRequest[]> {
  const out: RecordedRequest[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.history(ENDPOINT, { limit: 1000, ...(before ? { before } : {}) });
    out.push(...page);
    if (page.length < 1000) return out;
    before = page.at(-1)!.sequence;
  }
}

async function underLoad(store: RecordStore): Promise<void> {
  const svc = await startService({ upstream: upstream.url, store });
  try {
    const answered: string[] = [];
    const failures: string[] = [];
    const until = performance.now() + SECONDS * 1000;
    const client = async (): Promise<void> => {
      while (performance.now() < until) {
        const path = `/individuals/calculations/AA123456A/self-assessment/${randomUUID()}`;
        try {
          const response = await fetch(`${svc.url}${path}`, { headers: WEB });
          await response.arrayBuffer();
          if (response.status === 200) answered.push(path);
          else failures.push(`${response.status} ${path}`);
        } catch (error) {
          failures.push(`${(error as Error).message} ${path}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(failures).toEqual([]);
    expect(answered.length).toBeGreaterThan(CLIENTS);

    const recorded = await everyRecorded(store);
    const paths = recorded.map((r) => r.path);
    expect(new Set(paths).size, 'each request recorded once').toBe(paths.length);
    expect(paths.length, 'as many records as answers').toBe(answered.length);
    const seen = new Set(paths);
    expect(
      answered.filter((p) => !seen.has(p)),
      'answered but not recorded',
    ).toEqual([]);
    expect(recorded.filter((r) => r.upstream.status !== 200)).toEqual([]);
    expect(recorded.every((r) => r.report.code === 'VALID_HEADERS')).toBe(true);
    expect(svc.logs.filter((r) => r.msg === 'request' && Number(r.status) >= 500)).toEqual([]);
  } finally {
    await svc.close();
  }
}

describe(`${CLIENTS} clients through the gateway for ${SECONDS} s`, () => {
  it('memory store', async () => {
    await underLoad(createMemoryStore({ historyLimit: 1_000_000 }));
  }, 120_000);

  it('SQLite store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fph-load-'));
    try {
      await underLoad(await openRecordStore({ kind: 'sqlite', dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

const target = await probePostgres();
describePostgres(
  target,
  `${CLIENTS} clients through the gateway for ${SECONDS} s, PostgreSQL`,
  (url) => {
    let schema: TestSchema;
    beforeAll(async () => {
      schema = await createTestSchema(url, 'load');
    });
    afterAll(async () => {
      await schema?.drop();
    });
    it('PostgreSQL store', async () => {
      await underLoad(await openRecordStore({ kind: 'postgres', url, schema: schema.name }));
    }, 120_000);
  },
);
