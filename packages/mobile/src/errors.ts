import { FphError } from '@fph-kit/spec';

/** Codes of {@link MobileError}. */
export const MOBILE_ERROR_CODES = [
  /** An option given to `createMobileCollector` cannot become a spec-conformant value. */
  'INVALID_OPTIONS',
  /** A per-request value cannot become a spec-conformant value. */
  'INVALID_ARGUMENT',
  /** The connection method is not one of the two mobile methods. */
  'UNSUPPORTED_METHOD',
  /** `clientPayload()` was called on a collector set up for MOBILE_APP_DIRECT. */
  'NOT_VIA_SERVER',
] as const;
export type MobileErrorCode = (typeof MOBILE_ERROR_CODES)[number];

/**
 * Thrown for bad input from the app's code. What the device cannot give (no colour depth, no
 * local address, an unknown model) is never thrown: it becomes a note.
 */
export class MobileError extends FphError<MobileErrorCode> {
  override readonly name = 'MobileError';
}

export function isMobileError(value: unknown): value is MobileError {
  return value instanceof MobileError;
}
