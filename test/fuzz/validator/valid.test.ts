import { describe, expect, it } from 'vitest';
import { runFuzz, share, timeLimit } from './harness.ts';
import { validCase } from './inputs.ts';
import { InvariantError } from './invariants.ts';

/** Valid sets for all eight methods, from the spec's formatters: judged valid, every time. */

const COUNT = share(0.06);

describe(`validator fuzz: ${COUNT} valid sets`, () => {
  it(
    'are VALID_HEADERS, pass every invariant and give the same answer every way',
    () => {
      const ran = runFuzz(validCase, COUNT, (c, { report }) => {
        if (report.code !== 'VALID_HEADERS') {
          throw new InvariantError(
            `a valid ${c.set.method} set was judged ${report.code}: ${JSON.stringify(report)}`,
          );
        }
      });
      expect(ran).toBe(COUNT);
    },
    timeLimit(COUNT),
  );
});
