/** Codes of {@link CollectorError}. */
export type CollectorErrorCode =
  /** An option given to `createCollector` cannot become a spec-conformant value. */
  | 'INVALID_OPTION'
  /** A per-request value given to `headers()` cannot become a spec-conformant value. */
  | 'INVALID_REQUEST_VALUE'
  /** The connection method is one this collector does not serve (web and mobile apps). */
  | 'UNSUPPORTED_METHOD'
  /** A via-server helper was called on a collector set up for a direct connection method. */
  | 'NOT_VIA_SERVER';

/**
 * Thrown for bad input from the caller. Problems of the machine (no network, a read-only folder,
 * a headless session) are never thrown: they become warnings and explanations.
 */
export class CollectorError extends Error {
  override readonly name = 'CollectorError';
  readonly code: CollectorErrorCode;

  constructor(code: CollectorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isCollectorError(value: unknown): value is CollectorError {
  return value instanceof CollectorError;
}
