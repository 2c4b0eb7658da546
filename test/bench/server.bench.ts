import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createFphMiddleware, type FphMiddlewareOptions } from '@fph-kit/server';
import { ACME, asRequestHeaders, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import autocannon from 'autocannon';
import type { NextFunction, Request, Response } from 'express';
import { type Benchmark, median, medianOpsPerSecond } from './harness.ts';

/**
 * server.throughputRatio: requests per second of a minimal Express route with the fph-kit
 * middleware (the route reads req.fph.headers()) divided by the same route without it. Both run
 * in one child process; autocannon drives them from this one, alternating, several rounds; the
 * figure is the median of the rounds' ratios.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 8;
const SECONDS = 2;

/** What a browser behind the vendor's load balancer sends: its values, and the proxy's entry. */
const HEADERS: Record<string, string> = {
  accept: 'application/json',
  'user-agent': BROWSER_VALUES['Gov-Client-Browser-JS-User-Agent']!,
  'x-forwarded-for': '81.2.69.160:53012',
  'x-forwarded-proto': 'https',
  ...asRequestHeaders(BROWSER_VALUES),
};

/**
 * CPU time (user + system) the process has used so far, in microseconds, from /proc on Linux;
 * undefined elsewhere. Per request it is less disturbed than requests/s by other work on the
 * machine, so the bench reports it beside the ratio.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

interface Targets {
  ports: { plain: number; fph: number };
  pid: number | undefined;
  stop(): void;
}

function startTargets(): Promise<Targets> {
  const child = spawn(
    process.execPath,
    ['--conditions=@fph-kit/source', '--import', 'tsx', 'test/server/bench-target.ts'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`bench target exited (${code})`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('\n')) return;
      child.removeAllListeners('exit');
      resolve({
        ports: JSON.parse(out) as { plain: number; fph: number },
        pid: child.pid,
        stop: () => child.kill(),
      });
    });
  });
}

/** The middleware's options, as the bench target uses them. */
const OPTIONS: FphMiddlewareOptions = {
  ...ACME,
  proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
  logger: false,
};

/**
 * Microseconds of the middleware's own work per request, without HTTP: capturing the facts on
 * arrival, then assembling the set when the route asks for it (the same request as above).
 */
async function middlewareMicros(): Promise<number> {
  const middleware = createFphMiddleware(OPTIONS);
  const socket = { remoteAddress: '::ffff:127.0.0.1', remotePort: 50_000 };
  const base: IncomingHttpHeaders = { host: '127.0.0.1', connection: 'keep-alive', ...HEADERS };
  const request = () => ({ headers: { ...base }, socket }) as unknown as Request;
  // The first request waits for the licence keys to be hashed; then everything is synchronous.
  await new Promise<void>((resolve) => {
    middleware(request(), {} as Response, (() => resolve()) as NextFunction);
  });
  let count = 0;
  const once = () => {
    const req = request();
    middleware(
      req,
      {} as Response,
      (() => {
        count += Object.keys(req.fph.headers()).length;
      }) as NextFunction,
    );
    return count;
  };
  if (once() !== 16) throw new Error('the bench request no longer assembles 16 headers');
  return 1e6 / medianOpsPerSecond(once, 7, 500);
}

interface Round {
  requestsPerSec: number;
  /** CPU microseconds the servers' process spent per request, when known. */
  cpuPerRequest: number | undefined;
}

async function measure(targets: Targets, port: number, seconds: number): Promise<Round> {
  const before = cpuMicros(targets.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/vat/returns`,
    headers: HEADERS,
    connections: 10,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`port ${port}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  const after = cpuMicros(targets.pid);
  return {
    requestsPerSec: result.requests.average,
    cpuPerRequest:
      before === undefined || after === undefined
        ? undefined
        : (after - before) / result.requests.total,
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'server',
    async run() {
      const micros = await middlewareMicros();
      const targets = await startTargets();
      try {
        await measure(targets, targets.ports.plain, 2);
        await measure(targets, targets.ports.fph, 2);
        const plain: Round[] = [];
        const fph: Round[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Alternate which goes first (ABBA...), so drift in the machine's load favours neither.
          if (round % 2 === 0) {
            plain.push(await measure(targets, targets.ports.plain, SECONDS));
            fph.push(await measure(targets, targets.ports.fph, SECONDS));
          } else {
            fph.push(await measure(targets, targets.ports.fph, SECONDS));
            plain.push(await measure(targets, targets.ports.plain, SECONDS));
          }
        }
        const ratios = plain.map((p, i) => fph[i]!.requestsPerSec / p.requestsPerSec);
        const cpu = (rounds: Round[]) =>
          rounds.every((r) => r.cpuPerRequest !== undefined)
            ? median(rounds.map((r) => r.cpuPerRequest!))
            : undefined;
        const cpuPlain = cpu(plain);
        const cpuFph = cpu(fph);
        const cpuFigures =
          cpuPlain === undefined || cpuFph === undefined
            ? []
            : [
                {
                  name: 'server.cpuUsPerRequestWithMiddleware',
                  value: cpuFph,
                  unit: 'µs/request',
                  note: "CPU time of the servers' process per request (Linux /proc), median of the rounds",
                },
                {
                  name: 'server.cpuUsPerRequestWithoutMiddleware',
                  value: cpuPlain,
                  unit: 'µs/request',
                  note: 'the same for the route without the middleware',
                },
              ];
        return [
          {
            name: 'server.throughputRatio',
            value: median(ratios),
            unit: 'ratio',
            target: { op: '>=', value: 0.95 },
            note: `Express route with/without the middleware, autocannon 10 connections, median of ${ROUNDS} alternating ${SECONDS}s rounds`,
          },
          {
            name: 'server.withMiddlewareRequestsPerSec',
            value: median(fph.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: 'the route with the middleware: browser values as headers, behind a trusted proxy',
          },
          {
            name: 'server.withoutMiddlewareRequestsPerSec',
            value: median(plain.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: 'the same route without the middleware',
          },
          {
            name: 'server.middlewareMedianUs',
            value: micros,
            unit: 'µs/request',
            note: 'the middleware alone (arrival, then req.fph.headers()) on the same request, no HTTP; median of 7 rounds, one core',
          },
          ...cpuFigures,
        ];
      } finally {
        targets.stop();
      }
    },
  },
];
