/** Codes of {@link AssemblerError}. */
export type AssemblerErrorCode =
  /** An option given to `createAssembler` or `createFphMiddleware` is not usable. */
  | 'INVALID_OPTIONS'
  /** The request facts given to `assemble` or `assembleWith` are not usable (a programming error). */
  | 'INVALID_FACTS';

/**
 * Thrown only for the calling code's mistakes: options the assembler cannot use (at start-up), or
 * request facts without a usable arrival time. Nothing the client sends is ever thrown: problems
 * with a request are data (`problems`).
 */
export class AssemblerError extends Error {
  override readonly name = 'AssemblerError';
  readonly code: AssemblerErrorCode;

  constructor(code: AssemblerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAssemblerError(value: unknown): value is AssemblerError {
  return value instanceof AssemblerError;
}
