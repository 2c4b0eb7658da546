import { FphError } from '@fph-kit/spec';

/** Codes of {@link DemoError}. */
export const DEMO_ERROR_CODES = [
  /** An environment variable or command-line option of the demo is not usable. */
  'INVALID_OPTIONS',
] as const;
export type DemoErrorCode = (typeof DEMO_ERROR_CODES)[number];

/** Thrown when the demo is started with settings it cannot use; the message names the setting. */
export class DemoError extends FphError<DemoErrorCode> {
  override readonly name = 'DemoError';
}

export function isDemoError(value: unknown): value is DemoError {
  return value instanceof DemoError;
}
