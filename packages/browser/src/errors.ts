import { FphError } from '@fph-kit/spec';

/**
 * Codes of {@link BrowserError}: what the calling app got wrong. Not exported from the package's
 * entry: every export of this package ships in the IIFE bundle, whose size is budgeted.
 */
export const BROWSER_ERROR_CODES = [
  /** An option of `collect` (or of a transport helper) is unknown or malformed. */
  'INVALID_OPTIONS',
  /** `attachToForm` was given something other than a `<form>` element. */
  'INVALID_FORM',
  /** Called where there is no browser window (server-side rendering, a worker, Node). */
  'NO_WINDOW',
] as const;
export type BrowserErrorCode = (typeof BROWSER_ERROR_CODES)[number];

/**
 * Thrown for mistakes in the calling code (by `collect` and `fphFetch` as a rejected promise).
 * Values the browser cannot give are never errors: `collect` leaves the header out and explains
 * why in its `notes`.
 */
export class BrowserError extends FphError<BrowserErrorCode> {
  override readonly name = 'BrowserError';
}

export function isBrowserError(value: unknown): value is BrowserError {
  return value instanceof BrowserError;
}
