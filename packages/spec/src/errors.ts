import { DETAILED } from './detail.js';
import { FphError, type FphErrorOptions } from './fph-error.js';

/** Codes of {@link SpecError}: what kind of input a formatter or encoder refused. */
export const SPEC_ERROR_CODES = [
  /** A value is out of range, of the wrong type, or structurally wrong for its header. */
  'INVALID_INPUT',
  /** A string holds something that has no representation in a header (a lone UTF-16 surrogate). */
  'UNREPRESENTABLE',
] as const;
export type SpecErrorCode = (typeof SPEC_ERROR_CODES)[number];

/**
 * Thrown by formatters and encoders when the caller's input cannot become a spec-conformant header
 * value. Parsers and decoders never throw: they report problems as data.
 */
export class SpecError extends FphError<SpecErrorCode> {
  override readonly name = 'SpecError';
  /** Which input was refused, e.g. `screens[1].width` or `Gov-Client-Timezone`. */
  declare readonly field: string;

  constructor(code: SpecErrorCode, field: string, message: string, options?: FphErrorOptions) {
    super(code, `${field}: ${message}`, options);
    this.field = field;
  }
}

export function isSpecError(value: unknown): value is SpecError {
  return value instanceof SpecError;
}

/** Throws {@link SpecError} `INVALID_INPUT` for `field` with `message`. Internal to this package. */
export function fail(field: string, message: string): never {
  throw new SpecError('INVALID_INPUT', field, message);
}

/**
 * Throws {@link SpecError} `INVALID_INPUT` for `field` in the one phrasing every encoder and
 * formatter shares: `field: must be <expected>, got <value>`, or `field: got <value>` where the
 * rule text is left out ({@link DETAILED}). Internal to this package; callers build `field` only
 * once the value is refused, so the common path allocates nothing.
 */
export function refuse(field: string, expected: string | false, value: unknown): never {
  const got = `got ${describe(value)}`;
  fail(field, DETAILED && expected ? `must be ${expected}, ${got}` : got);
}

/** A refused value for a message: strings quoted, numbers, booleans and null as written, else the type. */
function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : Object(value) === value
      ? typeof value
      : String(value);
}
