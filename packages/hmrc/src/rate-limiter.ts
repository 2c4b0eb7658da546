import { type Clock, systemClock } from './clock.js';
import { HmrcError } from './errors.js';

/**
 * A token bucket that hands out request slots in arrival order. HMRC throttles each application
 * at about 3 requests per second (429 MESSAGE_THROTTLED_OUT); the default, 2.5 per second with a
 * bucket of 1, never lets more than 3 requests start within any one second. A 429 pauses the
 * limiter, so every caller sharing it waits instead of piling on retries.
 */

export interface RateLimitOptions {
  /** Sustained rate. Default 2.5. */
  requestsPerSecond?: number;
  /** Requests that may start back to back after a quiet spell. Default 1. */
  burst?: number;
  /** Time source; default the system clock. */
  clock?: Clock;
}

export interface AcquireOptions {
  /** Give up (resolve false, reserving nothing) when the slot would be further away than this. */
  maxWaitMs: number;
  signal?: AbortSignal;
}

export interface RateLimiter {
  /** Waits for a slot; resolves true when the caller may send, false when the wait is too long. */
  acquire(options: AcquireOptions): Promise<boolean>;
  /** Holds every slot until `untilMs` (clock time), e.g. after HMRC answered 429. */
  pause(untilMs: number): void;
  /** Clock time before which no slot is given (0 when not paused). */
  readonly pausedUntil: number;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const rate = options.requestsPerSecond ?? 2.5;
  const burst = options.burst ?? 1;
  const clock = options.clock ?? systemClock;
  if (!(Number.isFinite(rate) && rate > 0))
    throw new HmrcError(
      'INVALID_OPTIONS',
      `rateLimit.requestsPerSecond must be a positive number, got ${String(rate)}`,
      { operation: 'configure' },
    );
  if (!(Number.isInteger(burst) && burst >= 1))
    throw new HmrcError(
      'INVALID_OPTIONS',
      `rateLimit.burst must be a whole number of at least 1, got ${String(burst)}`,
      { operation: 'configure' },
    );
  const interval = 1000 / rate;
  const tolerance = (burst - 1) * interval;
  // Theoretical arrival time of the next request (the generic cell rate algorithm's TAT).
  let tat = Number.NEGATIVE_INFINITY;
  let pausedUntil = 0;

  return {
    get pausedUntil() {
      return pausedUntil;
    },
    pause(untilMs) {
      if (untilMs > pausedUntil) pausedUntil = untilMs;
    },
    async acquire({ maxWaitMs, signal }) {
      const deadline = clock.now() + maxWaitMs;
      for (;;) {
        const now = clock.now();
        const start = Math.max(now, pausedUntil, tat - tolerance);
        if (start > deadline) return false;
        tat = Math.max(tat, start) + interval;
        if (start > now) await clock.sleep(start - now, signal);
        // A pause that began while this caller waited moves it behind the pause.
        if (clock.now() >= pausedUntil) return true;
      }
    },
  };
}
