import { fuzzFile, validPool } from './harness.ts';
import { mutatedCase } from './inputs.ts';
import { validSet } from './valid-sets.ts';

/** Valid sets with one to five faults each (part 4 of 4, split so test files can run in parallel). */
fuzzFile('mutated sets (part 4)', 0.16, () => mutatedCase(validPool(validSet, 2_000)));
