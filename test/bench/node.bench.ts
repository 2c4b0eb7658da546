import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Collector, type CollectorOptions, createCollector } from '@fph-kit/node';
import { type Benchmark, median } from './harness.ts';

/** Median duration in microseconds of `runs` sequential calls of `fn`, after `warmup` calls. */
async function medianMicros(fn: () => unknown, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return median(times);
}

function desktopCollector(dir: string, source: CollectorOptions['source'] = {}): Collector {
  return createCollector({
    source,
    connectionMethod: 'DESKTOP_APP_DIRECT',
    productName: 'Bench App',
    versions: { 'bench-app': '1.0.0' },
    licenseKeys: { 'bench-app': 'BENCH-LICENCE' },
    userIds: { 'bench-account': 'alice' },
    deviceId: { path: join(dir, '.fph-device-id') },
  });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'node',
    async run() {
      const dir = await mkdtemp(join(tmpdir(), 'fph-bench-node-'));
      try {
        const ours = desktopCollector(dir);
        await ours.ready();
        const perRequest = await medianMicros(() => ours.headers(), 5000, 1000);
        // The floor: the one system call the per-request path must make (fresh local IPs).
        const interfaces = await medianMicros(() => networkInterfaces(), 5000, 1000);
        // Everything else: the same collector fed one snapshot of the interfaces.
        const snapshot = networkInterfaces();
        const rest = desktopCollector(dir, { networkInterfaces: () => snapshot });
        await rest.ready();
        const withoutInterfaces = await medianMicros(() => rest.headers(), 5000, 1000);
        // The naive collector: the same collector, but reading systeminformation (and the device
        // ID file) again for every request instead of once.
        const naive = desktopCollector(dir);
        const naiveRequest = await medianMicros(
          async () => {
            await naive.refresh();
            return naive.headers();
          },
          9,
          2,
        );
        return [
          {
            name: 'node.perRequestMedianUs',
            value: perRequest,
            unit: 'us',
            target: { op: '<=', value: 50 },
            note: 'median of 5000 warm DESKTOP_APP_DIRECT headers() calls on this machine (fresh os.networkInterfaces() each)',
          },
          {
            name: 'node.networkInterfacesMedianUs',
            value: interfaces,
            unit: 'us',
            note: 'median of 5000 os.networkInterfaces() calls alone, same run: the floor of a fresh per-request read',
          },
          {
            name: 'node.perRequestExcludingInterfacesUs',
            value: withoutInterfaces,
            unit: 'us',
            note: 'median of 5000 headers() calls given one snapshot of the interfaces: the collector minus the system call',
          },
          {
            name: 'node.naiveRatio',
            value: naiveRequest / perRequest,
            unit: 'x',
            target: { op: '>=', value: 1000 },
            note: `median of 9 requests reading systeminformation each time (${(naiveRequest / 1000).toFixed(1)} ms) / perRequestMedianUs, same run`,
          },
        ];
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
