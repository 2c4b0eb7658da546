import type { ValidationResult } from './types.js';

export interface PassOptions {
  /** Also fail on report warnings and on advisories (not on info notes), as `fph validate --strict`. */
  strict?: boolean;
}

/**
 * Whether a result passes: no report error; with `strict`, also no report warning and no advisory.
 * This is the CLI's exit status rule (0 when it passes, 1 when it does not).
 */
export function isPassing(result: ValidationResult, options: PassOptions = {}): boolean {
  const { report, advisories } = result;
  if (report.code === 'INVALID_HEADERS') return false;
  if (!options.strict) return true;
  return report.code === 'VALID_HEADERS' && !advisories.some((a) => a.severity === 'advisory');
}
