/** Codes of {@link BrowserError}: what the calling app got wrong. */
export type BrowserErrorCode =
  /** An option of `collect` (or of a transport helper) is unknown or malformed. */
  | 'INVALID_OPTIONS'
  /** `attachToForm` was given something other than a `<form>` element. */
  | 'INVALID_FORM'
  /** Called where there is no browser window (server-side rendering, a worker, Node). */
  | 'NO_WINDOW';

/**
 * Thrown for mistakes in the calling code (by `collect` and `fphFetch` as a rejected promise).
 * Values the browser cannot give are never errors: `collect` leaves the header out and explains
 * why in its `notes`.
 */
export class BrowserError extends Error {
  override readonly name = 'BrowserError';
  declare readonly code: BrowserErrorCode;

  constructor(code: BrowserErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isBrowserError(value: unknown): value is BrowserError {
  return value instanceof BrowserError;
}
