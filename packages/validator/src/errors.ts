/** Codes of {@link ValidatorError}. */
export type ValidatorErrorCode =
  /** An option passed to `validate` is not usable (an unknown connection method, an invalid date). */
  | 'INVALID_OPTIONS'
  /** The headers argument is not a header map (null, a string, a number...). */
  | 'INVALID_HEADERS_ARGUMENT';

/**
 * Thrown for a caller's programming error only. Problems in header values are never thrown: they
 * are the validation result.
 */
export class ValidatorError extends Error {
  override readonly name = 'ValidatorError';
  readonly code: ValidatorErrorCode;

  constructor(code: ValidatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isValidatorError(value: unknown): value is ValidatorError {
  return value instanceof ValidatorError;
}
