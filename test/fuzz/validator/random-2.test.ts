import { describe, expect, it } from 'vitest';
import { runFuzz, share, timeLimit } from './harness.ts';
import { randomCase } from './inputs.ts';

/**
 * Random header maps: catalogue names in any case, Gov-* junk, binary names; values from the spec's
 * examples, spliced, random Unicode, binary, huge, CR/LF/NUL, numbers, arrays (part 2 of 2).
 */

const COUNT = share(0.15);

describe(`validator fuzz: ${COUNT} random header maps (part 2)`, () => {
  it(
    'never throw, pass every invariant and give the same answer every way',
    () => {
      expect(runFuzz(randomCase, COUNT)).toBe(COUNT);
    },
    timeLimit(COUNT),
  );
});
