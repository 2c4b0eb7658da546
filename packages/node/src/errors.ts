import { FphError } from '@fph-kit/spec';

/** Codes of {@link CollectorError}. */
export const COLLECTOR_ERROR_CODES = [
  /** An option given to `createCollector` cannot become a spec-conformant value. */
  'INVALID_OPTIONS',
  /** A per-request value given to `headers()` cannot become a spec-conformant value. */
  'INVALID_ARGUMENT',
  /** The connection method is one this collector does not serve (web and mobile apps). */
  'UNSUPPORTED_METHOD',
  /** A via-server helper was called on a collector set up for a direct connection method. */
  'NOT_VIA_SERVER',
] as const;
export type CollectorErrorCode = (typeof COLLECTOR_ERROR_CODES)[number];

/**
 * Thrown for bad input from the caller. Problems of the machine (no network, a read-only folder,
 * a headless session) are never thrown: they become warnings and explanations.
 */
export class CollectorError extends FphError<CollectorErrorCode> {
  override readonly name = 'CollectorError';
}

export function isCollectorError(value: unknown): value is CollectorError {
  return value instanceof CollectorError;
}
