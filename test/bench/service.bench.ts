import { cleanSet } from '@fph-kit/test-support/clean-sets';
import autocannon from 'autocannon';
import { runLoad, startBenchServer } from '../service/load.ts';
import type { Benchmark } from './harness.ts';

/**
 * The validator service over HTTP. `service`: POST /v1/validate requests per second against an
 * Express route that only parses and echoes the same JSON body, both in their own processes,
 * measured alternately in one run. `service-load` (60 s, run it alone with
 * `pnpm bench service-load`): the service under sustained mixed load.
 */

const BODY = JSON.stringify({ headers: cleanSet('WEB_APP_VIA_SERVER') });
const CONNECTIONS = 10;

async function requestsPerSecond(url: string, path: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${failed} failed requests to ${path}`);
  return result.requests.average;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'service',
    async run() {
      const service = await startBenchServer('service');
      const echo = await startBenchServer('echo');
      try {
        await requestsPerSecond(echo.url, '/echo', 2);
        await requestsPerSecond(service.url, '/v1/validate', 2);
        // Alternating rounds, so a change in machine load touches both sides alike.
        let ours = 0;
        let baseline = 0;
        for (let round = 0; round < 3; round++) {
          baseline += await requestsPerSecond(echo.url, '/echo', 5);
          ours += await requestsPerSecond(service.url, '/v1/validate', 5);
        }
        return [
          {
            name: 'service.throughputRatio',
            value: ours / baseline,
            unit: '×',
            target: { op: '>=', value: 0.7 },
            note: `POST /v1/validate (${Math.round(ours / 3)} req/s, one JSON line logged per request) / Express echo of the same body (${Math.round(baseline / 3)} req/s); ${CONNECTIONS} connections, 3 alternating 5 s rounds, servers in child processes`,
          },
          {
            name: 'service.validateRequestsPerSec',
            value: ours / 3,
            unit: 'req/s',
            note: 'POST /v1/validate of a complete WEB_APP_VIA_SERVER set, mean of the rounds above',
          },
        ];
      } finally {
        await service.stop();
        await echo.stop();
      }
    },
  },
  {
    name: 'service-load',
    async run() {
      const load = await runLoad({ durationS: 60 });
      const how = `autocannon ${load.connections} connections for ${load.durationS} s after 5 s warm-up; mix of /v1/validate, /v1/validate-text, HMRC's endpoints, the gateway and /healthz; ${load.requests} requests`;
      return [
        {
          name: 'service.loadFailedRequests',
          value: load.failed,
          unit: 'requests',
          target: { op: '<=', value: 0 },
          note: `errors, timeouts and non-2xx answers; ${how}`,
        },
        {
          name: 'service.p99Ms',
          value: load.p99Ms,
          unit: 'ms',
          note: `p99 latency (p50 ${load.p50Ms} ms); ${how}`,
        },
        {
          name: 'service.loadRequestsPerSec',
          value: load.requestsPerSec,
          unit: 'req/s',
          note: how,
        },
        {
          name: 'service.rssGrowthPct',
          value: load.rssGrowthPct,
          unit: '%',
          target: { op: '<=', value: 10 },
          note: `service RSS, mean of the last 10 s (${load.rssLastMiB.toFixed(1)} MiB) over the first 10 s (${load.rssFirstMiB.toFixed(1)} MiB), sampled every second from /proc`,
        },
      ];
    },
  },
];
