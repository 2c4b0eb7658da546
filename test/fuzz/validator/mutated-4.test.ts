import { describe, expect, it } from 'vitest';
import { runFuzz, share, timeLimit, validPool } from './harness.ts';
import { mutatedCase } from './inputs.ts';
import { validSet } from './valid-sets.ts';

/** Valid sets with one to five faults each (part 4 of 4, split so test files can run in parallel). */

const COUNT = share(0.16);

describe(`validator fuzz: ${COUNT} mutated sets (part 4)`, () => {
  it(
    'never throw, pass every invariant and give the same answer every way',
    () => {
      const pool = validPool(validSet, 2_000);
      expect(runFuzz(mutatedCase(pool), COUNT)).toBe(COUNT);
    },
    timeLimit(COUNT),
  );
});
