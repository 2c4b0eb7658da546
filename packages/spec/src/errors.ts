/** Codes of {@link SpecError}: what kind of input a formatter or encoder refused. */
export type SpecErrorCode =
  /** A value is out of range, of the wrong type, or structurally wrong for its header. */
  | 'INVALID_INPUT'
  /** A string holds something that has no representation in a header (a lone UTF-16 surrogate). */
  | 'UNREPRESENTABLE';

/**
 * Thrown by formatters and encoders when the caller's input cannot become a spec-conformant header
 * value. Parsers and decoders never throw: they report problems as data.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly code: SpecErrorCode;
  /** Which input was refused, e.g. `screens[1].width` or `Gov-Client-Timezone`. */
  readonly field: string;

  constructor(code: SpecErrorCode, field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.code = code;
    this.field = field;
  }
}

export function isSpecError(value: unknown): value is SpecError {
  return value instanceof SpecError;
}
