import { FphError } from '@fph-kit/spec';

/** Codes of {@link AssemblerError}. */
export const ASSEMBLER_ERROR_CODES = [
  /** An option given to `createAssembler` or `createFphMiddleware` is not usable. */
  'INVALID_OPTIONS',
  /** The request facts given to `assemble` or `assembleWith` are not usable (a programming error). */
  'INVALID_ARGUMENT',
] as const;
export type AssemblerErrorCode = (typeof ASSEMBLER_ERROR_CODES)[number];

/**
 * Thrown only for the calling code's mistakes: options the assembler cannot use (at start-up), or
 * request facts without a usable arrival time. Nothing the client sends is ever thrown: problems
 * with a request are data (`problems`).
 */
export class AssemblerError extends FphError<AssemblerErrorCode> {
  override readonly name = 'AssemblerError';
}

export function isAssemblerError(value: unknown): value is AssemblerError {
  return value instanceof AssemblerError;
}
