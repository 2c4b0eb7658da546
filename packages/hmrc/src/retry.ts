import { HmrcError } from './errors.js';

/** How a call retries 429, 5xx, timeouts and connection failures. */
export interface RetryOptions {
  /** Requests per call, the first included. Default 4; 1 disables retries. */
  maxAttempts?: number;
  /** First backoff step. Default 500 ms; each retry doubles it. */
  baseDelayMs?: number;
  /** Largest backoff step (before Retry-After). Default 8000 ms. */
  maxDelayMs?: number;
  /**
   * Hard time budget for a call's requests: queueing for the rate limiter, attempts (the last
   * one's timeout is cut to fit) and backoff together; a wait that would end past it is not made.
   * Getting an OAuth token has a budget of its own of the same size. Default 30000 ms.
   */
  maxElapsedMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxElapsedMs: 30_000,
};

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...stripUndefined(options) };
  const bad = (field: keyof RetryPolicy, rule: string): HmrcError =>
    new HmrcError(
      'INVALID_OPTIONS',
      `retry.${field} must be ${rule}, got ${String(policy[field])}`,
      { operation: 'configure' },
    );
  if (
    !(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1 && policy.maxAttempts <= 10)
  )
    throw bad('maxAttempts', 'a whole number from 1 to 10');
  for (const field of ['baseDelayMs', 'maxDelayMs', 'maxElapsedMs'] as const)
    if (!(Number.isFinite(policy[field]) && policy[field] >= 0))
      throw bad(field, 'a finite number of milliseconds, 0 or more');
  return policy;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Backoff before retry number `retry` (1 for the first retry): exponential with "equal jitter",
 * half fixed and half random, so callers that failed together spread out without retrying at once.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (r * step) / 2);
}

/**
 * Reads Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3) and returns the
 * wait in milliseconds from `nowMs`, 0 for a date in the past, undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
