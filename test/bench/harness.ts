/**
 * The bench harness's vocabulary. Each `test/bench/*.bench.ts` exports `benchmarks`, a list of
 * named benchmarks; each returns figures. `pnpm bench [name...]` runs them and writes
 * `bench/results.json` (a flat object of figure name to number) and a table on stdout.
 */

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface Figure {
  /** Stable figure name, e.g. `spec.encodeDecodeOpsPerSec`. */
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** How it was measured, one line. */
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Figure[]>;
}

/** Runs `fn` repeatedly for at least `ms` milliseconds and returns operations per second. */
export function opsPerSecond(fn: () => unknown, ms = 1000): number {
  let ops = 0;
  let sink: unknown;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) sink = fn();
    ops += 100;
    now = performance.now();
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (ops * 1000) / (now - start);
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Warm up, then take the median ops/s of several timed rounds. */
export function medianOpsPerSecond(fn: () => unknown, rounds = 5, ms = 600): number {
  opsPerSecond(fn, 300);
  return median(Array.from({ length: rounds }, () => opsPerSecond(fn, ms)));
}

export function meets(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === '>='
    ? figure.value >= figure.target.value
    : figure.value <= figure.target.value;
}
