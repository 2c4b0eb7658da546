/**
 * Records the validator's answer for a fixed, seeded stream of fuzz sets, one line per set, so two
 * versions of the validator can be compared by diffing the files:
 *   node --conditions=@fph-kit/source --import tsx test/fuzz/validator/record-verdicts.ts OUT [COUNT] [SEED]
 * Each line: the set's index, the report code, each issue as code:header, and a hash of the whole
 * result (report, findings and advisories as JSON). Sets without a time are judged at a fixed one.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { validate } from '@fph-kit/validator';
import fc from 'fast-check';
import { type FuzzCase, mutatedCase, randomCase, toInput, validCase } from './inputs.ts';
import { validSet } from './valid-sets.ts';

const [out, countArg = '1000000', seedArg = '20261205'] = process.argv.slice(2);
if (out === undefined) throw new Error('usage: record-verdicts.ts OUT [COUNT] [SEED]');
const total = Number(countArg);
const seed = Number(seedArg);
const FIXED_NOW = Date.UTC(2026, 10, 23, 10);
const CHUNK = 10_000;

const fd = openSync(out, 'w');
let index = 0;
for (let chunk = 0; index < total; chunk++) {
  const n = Math.min(CHUNK, total - index);
  const s = seed + chunk;
  // The fuzz files' proportions: 6% valid, 64% mutated, 30% random.
  const valid = Math.round(n * 0.06);
  const mutated = Math.round(n * 0.64);
  const random = n - valid - mutated;
  const pool = fc.sample(validSet, { numRuns: 500, seed: s });
  const cases: FuzzCase[] = [
    ...fc.sample(validCase, { numRuns: valid, seed: s }),
    ...fc.sample(mutatedCase(pool), { numRuns: mutated, seed: s }),
    ...fc.sample(randomCase, { numRuns: random, seed: s }),
  ];
  let text = '';
  for (const c of cases) {
    const options = { ...c.options, now: c.options.now ?? FIXED_NOW };
    const result = validate(toInput(c.pairs, c.shape), options);
    const issues = [...(result.report.errors ?? []), ...(result.report.warnings ?? [])].map(
      (e) => `${e.code}:${e.headers?.join('+') ?? ''}`,
    );
    const hash = createHash('sha1').update(JSON.stringify(result)).digest('hex').slice(0, 16);
    text += `${JSON.stringify([index, result.report.code, issues, hash])}\n`;
    index++;
  }
  writeSync(fd, text);
  if (chunk % 10 === 0) process.stderr.write(`${index}\n`);
}
closeSync(fd);
