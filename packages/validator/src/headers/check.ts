import type { Run } from '../run.js';

/**
 * The rules of one header. A check receives a non-empty value, reads it with the header's grammar
 * in @fph-kit/spec and records what it finds on the run: report issues, per-value advisories, and
 * the facts cross-header checks use.
 */
export type Check = (value: string, run: Run, key: string) => void;

export const HOUR = 3_600_000;
export const DAY: number = 24 * HOUR;
/** Clock skew tolerated before a timestamp counts as in the future. */
export const FUTURE_SKEW: number = 5 * 60_000;
