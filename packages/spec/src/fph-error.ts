/** Options of every fph-kit error: the failure it stands for, when it wraps one. */
export interface FphErrorOptions {
  cause?: unknown;
}

/**
 * The base of every fph-kit error class: one class per package (`SpecError`, `CollectorError`,
 * `HmrcError`, ...), each with a SCREAMING_SNAKE `code` from the package's list of codes, and the
 * `cause` passed on whenever the error wraps another. Validation outcomes are data, never errors.
 */
export abstract class FphError<Code extends string = string> extends Error {
  abstract override readonly name: string;
  declare readonly code: Code;

  constructor(code: Code, message: string, options?: FphErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** True for an error of any fph-kit package. */
export function isFphError(value: unknown): value is FphError {
  return value instanceof FphError;
}
