import { FphError } from '@fph-kit/spec';

/** Codes of {@link ValidatorError}. */
export const VALIDATOR_ERROR_CODES = [
  /** An option passed to `validate` is not usable (an unknown connection method, an invalid date). */
  'INVALID_OPTIONS',
  /** The headers argument is not a header map (null, a string, a number...). */
  'INVALID_ARGUMENT',
] as const;
export type ValidatorErrorCode = (typeof VALIDATOR_ERROR_CODES)[number];

/**
 * Thrown for a caller's programming error only. Problems in header values are never thrown: they
 * are the validation result.
 */
export class ValidatorError extends FphError<ValidatorErrorCode> {
  override readonly name = 'ValidatorError';
}

export function isValidatorError(value: unknown): value is ValidatorError {
  return value instanceof ValidatorError;
}
