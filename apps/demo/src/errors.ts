/** Codes of {@link DemoError}. */
export type DemoErrorCode =
  /** An environment variable or command-line option of the demo is not usable. */
  'INVALID_CONFIG';

/** Thrown when the demo is started with settings it cannot use; the message names the setting. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
  readonly code: DemoErrorCode;

  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDemoError(value: unknown): value is DemoError {
  return value instanceof DemoError;
}
