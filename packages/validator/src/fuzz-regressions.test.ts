import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidationResult } from './types.js';
import { validate } from './validate.js';

/**
 * Bugs the fuzz tests (test/fuzz/validator) found, each pinned here with the smallest input that
 * showed it.
 */

const rules = (result: ValidationResult): string[] => result.findings.map((f) => f.rule);

describe('found by fuzzing', () => {
  it('reads a device ID of a megabyte without backtracking (the email pattern was quadratic)', () => {
    // 54,000 characters took 12 s with /[^\s@]+@[^\s@]+\.[^\s@]+/; the test timeout catches a return.
    const result = validate(
      { ...cleanSet('BATCH_PROCESS_DIRECT'), 'Gov-Client-Device-ID': 'a'.repeat(1_000_000) },
      { now: NOW },
    );
    expect(rules(result)).toContain('client-device-id.not-uuid');
    expect(rules(result)).not.toContain('client-device-id.email');
  });

  it('finds an email address in a device ID exactly where the old pattern did', () => {
    const pattern = /[^\s@]+@[^\s@]+\.[^\s@]+/;
    const emailRule = (id: string): boolean =>
      rules(validate({ 'Gov-Client-Device-ID': id }, { now: NOW })).includes(
        'client-device-id.email',
      );
    for (const id of ['j.smith@example.co.uk', 'x a@b.c y', 'a@b@c.d', '@b.co', 'a@.b', 'a@b.']) {
      expect(emailRule(id), id).toBe(pattern.test(id));
    }
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', '@', '.', ' ', '\t', '\u00a0', '-'),
          minLength: 1,
          maxLength: 14,
        }),
        (id) => {
          if (id.trim() !== '') expect(emailRule(id)).toBe(pattern.test(id));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps going with 200,000 multi-factor entries (Math.max(...times) overflowed the stack)', () => {
    const factor = 'type=TOTP&timestamp=2026-09-01T10%3A00Z&unique-reference=5e8848';
    const value = Array.from({ length: 200_000 }, () => factor).join(',');
    const result = validate({ ...cleanSet(), 'Gov-Client-Multi-Factor': value }, { now: NOW });
    expect(result.report.code).toBe('VALID_HEADERS');
    expect(
      result.advisories.find((a) => a.rule === 'client-multi-factor.timestamp-stale')?.detail,
    ).toBe('newest is 83 days old');
  });

  it('calls a scaling factor over 8 implausible in a canonical value too', () => {
    // A second, regex-based reading of canonical values once missed this; there is one reading now.
    const set = {
      ...cleanSet(),
      'Gov-Client-Screens': 'width=1857&height=1051&scaling-factor=8.5&colour-depth=24',
    };
    expect(rules(validate(set, { now: NOW }))).toContain('client-screens.implausible');
  });

  it('names a header called Gov-* in its finding, as the report does', () => {
    const result = validate({ ...cleanSet(), 'Gov-*': 'x' }, { now: NOW });
    expect(result.report.warnings).toEqual([
      {
        code: 'UNEXPECTED_HEADER',
        message: 'Unrecognised header. Check format and spelling',
        headers: ['gov-*'],
      },
    ]);
    expect(result.findings.find((f) => f.rule === 'any.unexpected')?.headers).toEqual(['gov-*']);
  });
});
