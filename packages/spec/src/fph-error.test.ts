import { describe, expect, it } from 'vitest';
import { isSpecError, SPEC_ERROR_CODES, SpecError } from './errors.js';
import { FphError, isFphError } from './fph-error.js';

const CODES = ['BROKEN'] as const;

class ExampleError extends FphError<(typeof CODES)[number]> {
  override readonly name = 'ExampleError';
}

describe('FphError', () => {
  it('carries a code, a message, the cause it wraps and its class name', () => {
    const cause = new Error('disk full');
    const error = new ExampleError('BROKEN', 'could not write', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('BROKEN');
    expect(error.message).toBe('could not write');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ExampleError');
    expect(String(error)).toBe('ExampleError: could not write');
    expect(isFphError(error)).toBe(true);
  });

  it('has no cause property when it wraps nothing', () => {
    expect(Object.hasOwn(new ExampleError('BROKEN', 'no cause'), 'cause')).toBe(false);
  });

  it('is the base of SpecError, whose codes are listed as data', () => {
    const error = new SpecError('INVALID_INPUT', 'screens[0].width', 'must be a positive integer');
    expect(isFphError(error) && isSpecError(error)).toBe(true);
    expect(SPEC_ERROR_CODES).toContain(error.code);
    expect(error.message).toBe('screens[0].width: must be a positive integer');
  });

  it('tells fph-kit errors from others', () => {
    for (const other of [new Error('x'), { code: 'BROKEN', message: 'x' }, null, 'BROKEN']) {
      expect(isFphError(other)).toBe(false);
    }
  });
});
