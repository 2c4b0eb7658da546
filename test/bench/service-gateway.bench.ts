import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import {
  createTestSchema,
  probePostgres,
  type TestSchema,
  urlWithSchema,
} from '@fph-kit/test-support/postgres';
import autocannon from 'autocannon';
import { type BenchServer, startBenchServer } from '../service/load.ts';
import { type Benchmark, type Figure, median } from './harness.ts';

/**
 * `service-gateway`: the sandbox gateway's requests per second with its records in SQLite and in
 * PostgreSQL, each as a ratio of the same gateway keeping them in memory, measured in one run in
 * alternating rounds (the upstream, and each service, in its own process); and the p99 latency
 * recording adds. PostgreSQL is FPH_TEST_DATABASE_URL (default the local server); when it does
 * not answer, its figures are skipped and the bench says so.
 */

const CONNECTIONS = 8;
const ROUNDS = 5;
const SECONDS = 4;
const HEADERS = cleanSet('WEB_APP_VIA_SERVER');
const PATH = '/organisations/vat/564738291/obligations?from=2026-01-01&to=2026-12-31';

interface Round {
  requestsPerSec: number;
  p99Ms: number;
}

async function round(url: string, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: `${url}${PATH}`,
    headers: { Authorization: 'Bearer bench-user-token', ...HEADERS },
    connections: CONNECTIONS,
    duration: seconds,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${failed} failed gateway requests to ${url}`);
  return { requestsPerSec: result.requests.average, p99Ms: result.latency.p99 };
}

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

export const benchmarks: Benchmark[] = [
  {
    name: 'service-gateway',
    async run() {
      const dataDir = mkdtempSync(join(tmpdir(), 'fph-bench-'));
      const databaseUrl =
        process.env.FPH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const target = await probePostgres({ FPH_TEST_DATABASE_URL: databaseUrl });
      let schema: TestSchema | undefined;
      const started: BenchServer[] = [];
      try {
        const upstream = await startBenchServer('upstream');
        started.push(upstream);
        const stores: Record<string, string> = {
          memory: 'memory',
          sqlite: `sqlite:${dataDir}`,
        };
        if (target.url !== undefined) {
          schema = await createTestSchema(target.url, 'bench');
          stores.postgres = `postgres:${urlWithSchema(target.url, schema.name)}`;
        } else {
          process.stderr.write(
            `bench: PostgreSQL did not answer (${target.reason}): service.gatewayPostgresRatio and its latency are skipped\n`,
          );
        }
        const services: Record<string, BenchServer> = {};
        for (const [kind, store] of Object.entries(stores)) {
          services[kind] = await startBenchServer('service', {
            FPH_BENCH_UPSTREAM: upstream.url,
            FPH_BENCH_STORE: store,
          });
          started.push(services[kind]);
          await round(services[kind].url, 2);
        }
        // Alternating rounds, so a change in machine load touches every store alike.
        const rounds: Record<string, Round[]> = Object.fromEntries(
          Object.keys(services).map((kind) => [kind, []]),
        );
        for (let i = 0; i < ROUNDS; i++) {
          for (const [kind, service] of Object.entries(services)) {
            rounds[kind]!.push(await round(service.url, SECONDS));
          }
        }
        const rate = (kind: string) => mean(rounds[kind]!.map((r) => r.requestsPerSec));
        const p99 = (kind: string) => median(rounds[kind]!.map((r) => r.p99Ms));
        // Each round's store against the memory round just before it: the median of those ratios
        // is steadier than a ratio of means when the machine's load changes during the run.
        const ratio = (kind: string) =>
          median(rounds[kind]!.map((r, i) => r.requestsPerSec / rounds.memory![i]!.requestsPerSec));
        const how = `GET through the gateway to a local upstream (its own process), ${CONNECTIONS} connections, ${ROUNDS} alternating ${SECONDS} s rounds per store`;
        const figures: Figure[] = [
          {
            name: 'service.gatewayMemoryRequestsPerSec',
            value: rate('memory'),
            unit: 'req/s',
            note: `records in memory (the baseline); p99 ${p99('memory').toFixed(1)} ms; ${how}`,
          },
        ];
        const names: Record<string, [string, string]> = {
          sqlite: ['SQLite', 'Sqlite'],
          postgres: ['PostgreSQL', 'Postgres'],
        };
        for (const kind of ['sqlite', 'postgres']) {
          if (!rounds[kind]) continue;
          const [label, suffix] = names[kind]!;
          figures.push(
            {
              name: `service.gateway${suffix}Ratio`,
              value: ratio(kind),
              unit: '×',
              target: { op: '>=', value: 0.8 },
              note: `records in ${label} (${Math.round(rate(kind))} req/s) / in memory (${Math.round(rate('memory'))} req/s), median of the rounds' ratios; each request committed before its answer is relayed; ${how}`,
            },
            {
              name: `service.gateway${suffix}P99AddedMs`,
              value: p99(kind) - p99('memory'),
              unit: 'ms',
              note: `p99 latency with records in ${label} (${p99(kind).toFixed(1)} ms) minus in memory (${p99('memory').toFixed(1)} ms), medians of the rounds`,
            },
          );
        }
        return figures;
      } finally {
        for (const server of started.reverse()) await server.stop();
        await schema?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
];
