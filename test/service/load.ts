/**
 * Load on the validator service: autocannon against a service in its own process (its gateway
 * records in SQLite, as `fph serve` does by default), every request
 * answered (2xx), latency percentiles, and the service's resident memory sampled every second so
 * growth between the first and last 10 seconds shows a leak. Loopback only, bounded in time.
 *
 * Used by `pnpm bench service-load`; also runs alone:
 *   node --conditions=@fph-kit/source --import tsx test/service/load.ts [seconds]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import autocannon from 'autocannon';

const SERVER = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts test/service/bench-server.ts (`service`, `echo` or `upstream`) in its own Node process. */
export function startBenchServer(
  mode: 'service' | 'echo' | 'upstream',
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  const child: ChildProcess = fork(SERVER, [mode], {
    cwd: ROOT,
    env: childEnv,
    execArgv: ['--conditions=@fph-kit/source', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench-server ${mode} exited ${code}`)));
    child.once('message', (message) => {
      const { url } = message as { url: string };
      resolve({
        url,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Resident set size of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kib / 1024;
}

export interface LoadResult {
  durationS: number;
  connections: number;
  requests: number;
  requestsPerSec: number;
  /** Errors, timeouts and non-2xx answers together. */
  failed: number;
  p50Ms: number;
  p99Ms: number;
  rssFirstMiB: number;
  rssLastMiB: number;
  rssGrowthPct: number;
}

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const FAULTY = {
  ...WEB,
  'Gov-Client-Timezone': 'Europe/London',
  'Gov-Client-Public-IP': '10.0.0.7',
};

/** A mix of what the service sees: JSON and text validation, HMRC's endpoints, the gateway. */
function requestMix(): autocannon.Request[] {
  const json = { 'Content-Type': 'application/json' };
  return [
    { method: 'POST', path: '/v1/validate', headers: json, body: JSON.stringify({ headers: WEB }) },
    {
      method: 'POST',
      path: '/v1/validate',
      headers: json,
      body: JSON.stringify({ headers: FAULTY }),
    },
    {
      method: 'GET',
      path: '/test/fraud-prevention-headers/validate',
      headers: { Accept: 'application/vnd.hmrc.1.0+json', ...WEB },
    },
    {
      method: 'POST',
      path: '/v1/validate-text',
      headers: { 'Content-Type': 'text/plain' },
      body: Object.entries(FAULTY)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
    },
    {
      method: 'GET',
      path: '/organisations/vat/564738291/obligations?from=2026-01-01&to=2026-12-31',
      headers: { Authorization: 'Bearer load-test-token', ...WEB },
    },
    {
      method: 'GET',
      path: '/test/fraud-prevention-headers/vat-mtd/validation-feedback',
      headers: { Accept: 'application/vnd.hmrc.1.0+json' },
    },
    { method: 'GET', path: '/healthz' },
  ];
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export async function runLoad(
  options: { durationS?: number; warmupS?: number; connections?: number } = {},
): Promise<LoadResult> {
  const durationS = options.durationS ?? 60;
  const warmupS = options.warmupS ?? 5;
  const connections = options.connections ?? 16;
  const upstream: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"obligations":[]}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // Records in SQLite, as fph serve keeps them by default.
  const dataDir = mkdtempSync(join(tmpdir(), 'fph-load-'));
  const service = await startBenchServer('service', {
    FPH_BENCH_UPSTREAM: upstreamUrl,
    FPH_BENCH_STORE: `sqlite:${dataDir}`,
  });
  try {
    const requests = requestMix();
    // Warm-up: JIT, caches and pools settle; start-up growth is not a leak.
    await autocannon({ url: service.url, connections, duration: warmupS, requests });
    const samples: { at: number; mib: number }[] = [];
    const started = performance.now();
    const sample = (): void => {
      samples.push({ at: (performance.now() - started) / 1000, mib: rssMiB(service.pid) });
    };
    sample();
    const timer = setInterval(sample, 1000);
    const result = await autocannon({
      url: service.url,
      connections,
      duration: durationS,
      requests,
    });
    clearInterval(timer);
    sample();
    const elapsed = samples.at(-1)!.at;
    const first = mean(samples.filter((s) => s.at <= 10).map((s) => s.mib));
    const last = mean(samples.filter((s) => s.at >= elapsed - 10).map((s) => s.mib));
    const total = result.requests.total;
    return {
      durationS,
      connections,
      requests: total,
      requestsPerSec: result.requests.average,
      failed: result.errors + result.timeouts + result.non2xx,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      rssFirstMiB: first,
      rssLastMiB: last,
      rssGrowthPct: ((last - first) / first) * 100,
    };
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seconds = Number(process.argv[2] ?? 60);
  console.log(JSON.stringify(await runLoad({ durationS: seconds }), null, 2));
}
