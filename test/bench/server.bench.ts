import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createFphMiddleware, type FphMiddlewareOptions } from '@fph-kit/server';
import { ACME, asRequestHeaders, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import autocannon from 'autocannon';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type Benchmark, median, medianOpsPerSecond } from './harness.ts';

/**
 * server.throughputRatio: requests per second of a minimal Express route with the fph-kit
 * middleware (the route reads req.fph.headers()) divided by the same route without it;
 * server.fastifyThroughputRatio: the same for a minimal Fastify route with the plugin. All run in
 * one child process; autocannon drives them from this one, alternating, several rounds; each
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

interface Ports {
  plain: number;
  fph: number;
  fastifyPlain: number;
  fastifyFph: number;
}

interface Targets {
  ports: Ports;
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
        ports: JSON.parse(out) as Ports,
        pid: child.pid,
        stop: () => child.kill(),
      });
    });
  });
}

/** The middleware's options, as the bench target uses them: trust is the app's own. */
const OPTIONS: FphMiddlewareOptions = { ...ACME, logger: false };

/**
 * Microseconds of the middleware's own work per request, without HTTP: capturing the facts on
 * arrival, then assembling the set when the route asks for it (the same request as above).
 */
async function middlewareMicros(): Promise<number> {
  const middleware = createFphMiddleware(OPTIONS);
  const socket = { remoteAddress: '::ffff:127.0.0.1', remotePort: 50_000 };
  const app = express();
  app.set('trust proxy', 'loopback');
  const base: IncomingHttpHeaders = { host: '127.0.0.1', connection: 'keep-alive', ...HEADERS };
  const request = () => ({ headers: { ...base }, socket, app }) as unknown as Request;
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

/** Alternating rounds (ABBA...) of a route without and with the adapter, after a warm-up. */
async function compare(
  targets: Targets,
  plainPort: number,
  fphPort: number,
): Promise<{ plain: Round[]; fph: Round[] }> {
  await measure(targets, plainPort, 2);
  await measure(targets, fphPort, 2);
  const plain: Round[] = [];
  const fph: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so drift in the machine's load favours neither.
    if (round % 2 === 0) {
      plain.push(await measure(targets, plainPort, SECONDS));
      fph.push(await measure(targets, fphPort, SECONDS));
    } else {
      fph.push(await measure(targets, fphPort, SECONDS));
      plain.push(await measure(targets, plainPort, SECONDS));
    }
  }
  return { plain, fph };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'server',
    async run() {
      const micros = await middlewareMicros();
      const targets = await startTargets();
      try {
        const expressRounds = await compare(targets, targets.ports.plain, targets.ports.fph);
        const fastifyRounds = await compare(
          targets,
          targets.ports.fastifyPlain,
          targets.ports.fastifyFph,
        );
        const { plain, fph } = expressRounds;
        const ratio = (r: { plain: Round[]; fph: Round[] }) =>
          median(r.plain.map((p, i) => r.fph[i]!.requestsPerSec / p.requestsPerSec));
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
            value: ratio(expressRounds),
            unit: 'ratio',
            target: { op: '>=', value: 0.95 },
            note: `Express route with/without the middleware, autocannon 10 connections, median of ${ROUNDS} alternating ${SECONDS}s rounds`,
          },
          {
            name: 'server.withMiddlewareRequestsPerSec',
            value: median(fph.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: "the route with the middleware: browser values as headers, behind a proxy trusted by Express's trust proxy",
          },
          {
            name: 'server.withoutMiddlewareRequestsPerSec',
            value: median(plain.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: 'the same route without the middleware',
          },
          {
            name: 'server.fastifyThroughputRatio',
            value: ratio(fastifyRounds),
            unit: 'ratio',
            target: { op: '>=', value: 0.95 },
            note: `Fastify route with/without the plugin (trustProxy followed), same rounds as Express`,
          },
          {
            name: 'server.fastifyWithPluginRequestsPerSec',
            value: median(fastifyRounds.fph.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: 'the Fastify route with the plugin',
          },
          {
            name: 'server.fastifyWithoutPluginRequestsPerSec',
            value: median(fastifyRounds.plain.map((r) => r.requestsPerSec)),
            unit: 'req/s',
            note: 'the same Fastify route without the plugin',
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
