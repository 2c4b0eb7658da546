import { FphError } from '@fph-kit/spec';

/**
 * The one table from error codes to exit statuses (0 and 1 are the commands' own verdicts): its
 * keys are the codes of {@link CliError}.
 */
const EXIT_CODES = {
  /** Wrong flags or arguments. */
  USAGE: 2,
  /** The input could not be read or understood (missing file, binary data, unknown format). */
  BAD_INPUT: 2,
  /**
   * Something outside the input failed: a port in use, the network, the file system, HMRC or a
   * validator service refusing or failing a call.
   */
  OPERATIONAL: 3,
} as const;

/** Codes of {@link CliError}; each maps to one exit status in {@link exitCodeFor}. */
export type CliErrorCode = keyof typeof EXIT_CODES;

export class CliError extends FphError<CliErrorCode> {
  override readonly name = 'CliError';
}

export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}

export function exitCodeFor(code: CliErrorCode): number {
  return EXIT_CODES[code];
}
