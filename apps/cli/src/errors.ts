/** Codes of {@link CliError}; each maps to one exit status in {@link exitCodeFor}. */
export type CliErrorCode =
  /** Wrong flags or arguments. */
  | 'USAGE'
  /** The input could not be read or understood (missing file, binary data, unknown format). */
  | 'BAD_INPUT'
  /** Something outside the input failed (a port in use, the network, the file system). */
  | 'OPERATIONAL';

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}

/** The one table from error codes to exit statuses (0 and 1 are the commands' own verdicts). */
const EXIT_CODES: Record<CliErrorCode, number> = {
  USAGE: 2,
  BAD_INPUT: 2,
  OPERATIONAL: 3,
};

export function exitCodeFor(code: CliErrorCode): number {
  return EXIT_CODES[code];
}
