import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  createTestSchema,
  describePostgres,
  probePostgres,
  type TestSchema,
} from '@fph-kit/test-support/postgres';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { openRecordStore } from './open-store.js';
import { judgeRequest, type RecordStore } from './record-store.js';

/** The one contract every store keeps, run against memory, a real SQLite file and PostgreSQL. */

const WEB = Object.entries(cleanSet('WEB_APP_VIA_SERVER'));
const DESKTOP = Object.entries(cleanSet('DESKTOP_APP_DIRECT'));
const T0 = NOW.getTime();
const MAX = 1000;

const draft = (method: string, path: string, headers = WEB, at = T0) =>
  judgeRequest(method, path, headers, at);

interface Harness {
  open(): Promise<RecordStore>;
  /** Opens the same records again, as a restarted service would (durable stores only). */
  reopen?(): Promise<RecordStore>;
  cleanup(): Promise<void>;
}

function contract(name: string, durable: boolean, make: () => Promise<Harness>): void {
  describe(name, () => {
    let harness: Harness;
    let store: RecordStore;
    beforeEach(async () => {
      harness = await make();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('keeps what the gateway judged: headers as sent, verdict, feedback, connection method, API', async () => {
      const d = draft('GET', '/organisations/vat/564738291/obligations');
      const entry = await store.add(d, MAX);
      expect(entry.sequence).toBeGreaterThan(0);
      const [latest] = await store.latest();
      expect(latest).toEqual({
        ...d,
        sequence: entry.sequence,
        requestTimestamp: NOW.toISOString(),
        upstream: {},
      });
      expect(latest!.api).toBe('vat-mtd');
      expect(latest!.endpoint).toBe('/organisations/vat/{vrn}/obligations');
      expect(latest!.connectionMethod).toBe('WEB_APP_VIA_SERVER');
      expect(latest!.headers).toEqual(WEB);
      expect(latest!.report.code).toBe('VALID_HEADERS');
    });

    it('answers the latest request per endpoint, per connection method when asked, latest first', async () => {
      await store.add(draft('GET', '/organisations/vat/1/obligations', WEB, T0), MAX);
      const desktop = await store.add(
        draft('POST', '/organisations/vat/1/returns', DESKTOP, T0 + 1),
        MAX,
      );
      const web = await store.add(draft('POST', '/organisations/vat/2/returns', WEB, T0 + 2), MAX);
      await store.add(
        draft('GET', '/individuals/business/details/AA123456A/list', WEB, T0 + 3),
        MAX,
      );
      await store.add(draft('GET', '/some/other/api', WEB, T0 + 4), MAX);

      const vat = await store.latest({ api: 'vat-mtd' });
      expect(vat.map((r) => [r.method, r.path])).toEqual([
        ['POST', '/organisations/vat/2/returns'],
        ['GET', '/organisations/vat/1/obligations'],
      ]);
      expect(vat[0]!.sequence).toBe(web.sequence);
      const desktopOnly = await store.latest({
        api: 'vat-mtd',
        connectionMethod: 'DESKTOP_APP_DIRECT',
      });
      expect(desktopOnly.map((r) => r.sequence)).toEqual([desktop.sequence]);
      expect((await store.latest()).map((r) => r.path)).toEqual([
        '/some/other/api',
        '/individuals/business/details/AA123456A/list',
        '/organisations/vat/2/returns',
        '/organisations/vat/1/obligations',
      ]);
      expect(await store.latest({ api: 'obligations-mtd' })).toEqual([]);
    });

    it('keeps every request for history, latest first, paged by sequence', async () => {
      const sequences: number[] = [];
      for (let i = 0; i < 5; i++) {
        sequences.push(
          (
            await store.add(
              draft('GET', `/organisations/vat/${100000000 + i}/obligations`, WEB, T0 + i),
              MAX,
            )
          ).sequence,
        );
      }
      await store.add(draft('GET', '/organisations/vat/1/liabilities'), MAX);
      const key = { method: 'GET', endpoint: '/organisations/vat/{vrn}/obligations' };
      const all = await store.history(key, { limit: 100 });
      expect(all.map((r) => r.sequence)).toEqual([...sequences].reverse());
      expect(all.map((r) => r.path)).toEqual(
        [4, 3, 2, 1, 0].map((i) => `/organisations/vat/${100000000 + i}/obligations`),
      );
      const page = await store.history(key, { limit: 2, before: sequences[3]! });
      expect(page.map((r) => r.sequence)).toEqual([sequences[2], sequences[1]]);
      expect(await store.history({ method: 'POST', endpoint: '/nothing' }, { limit: 10 })).toEqual(
        [],
      );
    });

    it('records what the upstream did', async () => {
      const entry = await store.add(draft('GET', '/organisations/vat/1/obligations'), MAX);
      await store.settle(entry, { status: 200 });
      await store.settle(entry, { error: 'upstream closed the connection mid-response' });
      const [latest] = await store.latest();
      expect(latest!.upstream).toEqual({
        status: 200,
        error: 'upstream closed the connection mid-response',
      });
    });

    it('forgets the least recently called endpoints past the limit, and counts them', async () => {
      await store.add(draft('GET', '/organisations/vat/1/a'), 2);
      await store.add(draft('GET', '/organisations/vat/1/b'), 2);
      await store.add(draft('GET', '/organisations/vat/1/a'), 2);
      await store.add(draft('GET', '/organisations/vat/1/c'), 2);
      expect((await store.latest()).map((r) => r.path).sort()).toEqual([
        '/organisations/vat/1/a',
        '/organisations/vat/1/c',
      ]);
      expect(await store.summary()).toEqual({ endpoints: 2, evicted: 1 });
      expect(
        await store.history({ method: 'GET', endpoint: '/organisations/vat/{id}/b' }, { limit: 9 }),
      ).toEqual([]);
      expect(
        await store.history({ method: 'GET', endpoint: '/organisations/vat/{id}/a' }, { limit: 9 }),
      ).toHaveLength(2);
    });

    it('removes one endpoint, or everything (resetting the evicted count)', async () => {
      await store.add(draft('GET', '/organisations/vat/1/a'), 1);
      await store.add(draft('GET', '/organisations/vat/1/b'), 1);
      await store.add(draft('GET', '/organisations/vat/1/b'), 1);
      await store.add(draft('POST', '/organisations/vat/1/b'), 2);
      expect(await store.remove({ method: 'GET', endpoint: '/organisations/vat/{id}/b' })).toBe(2);
      expect(await store.remove({ method: 'GET', endpoint: '/organisations/vat/{id}/b' })).toBe(0);
      expect((await store.latest()).map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /organisations/vat/1/b',
      ]);
      expect(await store.remove()).toBe(1);
      expect(await store.latest()).toEqual([]);
      expect(await store.summary()).toEqual({ endpoints: 0, evicted: 0 });
    });

    it('forgets requests older than the retention cut-off, and endpoints left with none', async () => {
      const day = 86_400_000;
      await store.add(draft('GET', '/organisations/vat/1/old', WEB, T0 - 100 * day), MAX);
      await store.add(draft('GET', '/organisations/vat/1/mixed', WEB, T0 - 95 * day), MAX);
      const recent = await store.add(
        draft('GET', '/organisations/vat/1/mixed', DESKTOP, T0 - day),
        MAX,
      );
      expect(await store.prune(T0 - 90 * day)).toBe(2);
      const latest = await store.latest();
      expect(latest.map((r) => r.sequence)).toEqual([recent.sequence]);
      expect(await store.history(recent, { limit: 10 })).toHaveLength(1);
      expect((await store.summary()).endpoints).toBe(1);
      // An endpoint retention emptied is not counted as evicted when the limit makes room.
      await store.add(draft('GET', '/organisations/vat/1/new', WEB, T0), 2);
      expect(await store.summary()).toEqual({ endpoints: 2, evicted: 0 });
      await store.add(draft('GET', '/organisations/vat/1/newer', WEB, T0), 2);
      expect(await store.summary()).toEqual({ endpoints: 2, evicted: 1 });
      expect((await store.latest()).map((r) => r.path)).toEqual([
        '/organisations/vat/1/newer',
        '/organisations/vat/1/new',
      ]);
    });

    it('keeps sequences increasing across many requests', async () => {
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.add(draft('GET', `/organisations/vat/1/e${i % 4}`), MAX),
        ),
      );
      const sequences = seen.map((r) => r.sequence);
      expect(new Set(sequences).size).toBe(40);
      const all = (
        await Promise.all(
          [0, 1, 2, 3].map((i) =>
            store.history(
              { method: 'GET', endpoint: `/organisations/vat/{id}/e${i}` },
              { limit: 100 },
            ),
          ),
        )
      ).flat();
      expect(all.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(
        [...sequences].sort((a, b) => a - b),
      );
    });

    if (!durable) return;
    it('still has every request after being closed and opened again', async () => {
      const entry = await store.add(draft('PUT', '/organisations/vat/1/returns'), MAX);
      await store.settle(entry, { status: 201 });
      await store.close();
      store = await harness.reopen!();
      const [again] = await store.latest();
      expect(again).toMatchObject({
        sequence: entry.sequence,
        path: '/organisations/vat/1/returns',
        upstream: { status: 201 },
      });
      const next = await store.add(draft('PUT', '/organisations/vat/1/returns'), MAX);
      expect(next.sequence).toBeGreaterThan(entry.sequence);
    });
  });
}

contract('memory store', false, async () => ({
  open: async () => createMemoryStore(),
  cleanup: async () => undefined,
}));

contract('SQLite store (a real file)', true, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fph-store-'));
  const open = () => openRecordStore({ kind: 'sqlite', dataDir });
  return {
    open,
    reopen: open,
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

const target = await probePostgres();
describePostgres(target, 'PostgreSQL store', (url) => {
  const schemas: TestSchema[] = [];
  afterAll(async () => {
    for (const s of schemas) await s.drop();
  });
  contract('a schema of its own per test', true, async () => {
    const schema = await createTestSchema(url, 'store');
    schemas.push(schema);
    const open = () => openRecordStore({ kind: 'postgres', url, schema: schema.name });
    return { open, reopen: open, cleanup: () => schema.drop() };
  });
});
