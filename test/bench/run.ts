import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Benchmark, type Figure, meets } from './harness.ts';

const root = join(import.meta.dirname, '../..');
const resultsFile = join(root, 'bench/results.json');
const only = process.argv.slice(2);

const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const benchmarks: Benchmark[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as {
    benchmarks: Benchmark[];
  };
  benchmarks.push(...mod.benchmarks);
}
const unknown = only.filter((name) => !benchmarks.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(
    `bench: no benchmark named ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}

// A child runs one benchmark and writes its figures to the file the parent named.
const child = process.env.FPH_BENCH_CHILD;
if (child) {
  const bench = benchmarks.find((b) => b.name === child)!;
  writeFileSync(process.env.FPH_BENCH_OUT!, JSON.stringify(await bench.run()));
  process.exit(0);
}

/**
 * Each benchmark runs in a process of its own, started with this one's Node options: what an
 * earlier benchmark left behind (type feedback of shared functions, a grown heap) would otherwise
 * change a later one's figures, so that `pnpm bench spec` and `pnpm bench` disagreed.
 */
function runAlone(name: string): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), 'fph-kit-bench-'));
  const out = join(dir, 'figures.json');
  try {
    const { status } = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
      env: { ...process.env, FPH_BENCH_CHILD: name, FPH_BENCH_OUT: out },
      stdio: 'inherit',
    });
    if (status !== 0 || !existsSync(out)) throw new Error(`exited with status ${status}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Figure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures: Figure[] = [];
let failures = 0;
for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  process.stderr.write(`bench: running ${bench.name}...\n`);
  try {
    figures.push(...runAlone(bench.name));
  } catch (error) {
    failures++;
    console.error(`bench: ${bench.name} failed: ${(error as Error).message}`);
  }
}

// Running a subset keeps the other figures of the last full run.
const previous: Record<string, number> =
  only.length > 0 && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
const results: Record<string, number> = { ...previous };
for (const f of figures) results[f.name] = Number(f.value.toPrecision(6));
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(
  resultsFile,
  `${JSON.stringify(Object.fromEntries(Object.entries(results).sort()), null, 2)}\n`,
);

const rows = figures.map((f) => {
  const ok = meets(f);
  return [
    f.name,
    `${Number(f.value.toPrecision(4)).toLocaleString('en-GB')} ${f.unit}`,
    f.target ? `${f.target.op} ${f.target.value.toLocaleString('en-GB')}` : '',
    ok === undefined ? '' : ok ? 'met' : 'MISSED',
    f.note ?? '',
  ];
});
const header = ['figure', 'value', 'target', '', 'how'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\nwrote ${Object.keys(results).length} figures to bench/results.json`);
process.exitCode = failures > 0 ? 1 : 0;
