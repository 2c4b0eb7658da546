import { describe, expect, it } from 'vitest';
import { isHmrcError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, retryPolicy } from './retry.js';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });

  it('reads an HTTP date, relative to now, and clamps past dates to 0', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:59:00 GMT', NOW)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    for (const value of [null, undefined, '', '-1', '1.5', 'soon', '2026-03-02']) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});

describe('backoffDelay', () => {
  it('doubles each step, half fixed and half jittered, up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 0))).toEqual([
      250, 500, 1000, 2000, 4000, 4000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it('keeps a broken random source within bounds', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, () => 7)).toBe(500);
    expect(backoffDelay(1, DEFAULT_RETRY, () => -3)).toBe(250);
  });
});

describe('retryPolicy', () => {
  it('fills defaults and keeps what was given', () => {
    expect(retryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY, maxAttempts: 2 });
  });

  it('refuses unbounded or nonsensical settings', () => {
    for (const options of [
      { maxAttempts: 0 },
      { maxAttempts: 11 },
      { maxAttempts: 1.5 },
      { baseDelayMs: -1 },
      { maxElapsedMs: Number.POSITIVE_INFINITY },
    ]) {
      let error: unknown;
      try {
        retryPolicy(options);
      } catch (caught) {
        error = caught;
      }
      expect(isHmrcError(error) && error.code).toBe('INVALID_OPTIONS');
    }
  });
});
