import { fuzzFile } from './harness.ts';
import { randomCase } from './inputs.ts';

/**
 * Random header maps: catalogue names in any case, Gov-* junk, binary names; values from the spec's
 * examples, spliced, random Unicode, binary, huge, CR/LF/NUL, numbers, arrays (part 2 of 2).
 */
fuzzFile('random header maps (part 2)', 0.15, () => randomCase);
