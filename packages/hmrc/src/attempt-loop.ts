import type { ResolvedClientOptions } from './client-options.js';
import type { HmrcError, HmrcOperation } from './errors.js';
import { type ExchangeRequest, exchange } from './http.js';
import type { HmrcLogger } from './log.js';
import type { Attempted, Failures } from './response-errors.js';
import { backoffDelay, parseRetryAfter } from './retry.js';

/**
 * Sends one request until it succeeds or must stop: limiter slot, attempt with timeout, backoff.
 * Nothing runs past `deadline` (clock time): queueing, attempts (their timeouts are cut short)
 * and waits all fit in it.
 */
export type Perform = (
  operation: HmrcOperation,
  request: ExchangeRequest,
  signal: AbortSignal | undefined,
  deadline: number,
) => Promise<Attempted>;

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** How messages name a request: the token endpoint, or the method and path called. */
export function describeRequest(operation: HmrcOperation, request: ExchangeRequest): string {
  if (operation === 'token') return "HMRC's OAuth token endpoint";
  return `${request.method} ${new URL(request.url).pathname}`;
}

/** The loop every request of a client goes through: rate limit, attempt, retry. */
export function createAttemptLoop(
  config: ResolvedClientOptions,
  failures: Failures,
  log: HmrcLogger,
): Perform {
  const { clock, limiter, policy, timeoutMs, maxBodyBytes, random } = config;
  const { fail, restate } = failures;

  return async function perform(operation, request, signal, deadline) {
    const url = request.url;
    const what = describeRequest(operation, request);
    for (let attempt = 1; ; attempt++) {
      let granted: boolean;
      try {
        granted = await limiter.acquire({
          maxWaitMs: Math.max(0, deadline - clock.now()),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt - 1,
          cause,
        });
      }
      if (!granted)
        throw fail(
          'RATE_LIMITED',
          `no request slot for ${what} within the ${policy.maxElapsedMs} ms time budget`,
          { operation, attempts: attempt - 1 },
        );
      log({
        level: 'debug',
        event: 'request',
        operation,
        attempt,
        url,
        message: `${request.method} ${url}`,
      });
      const sentAt = clock.now();
      const attemptTimeoutMs = Math.max(1, Math.min(timeoutMs, deadline - sentAt));
      const outcome = await exchange(request, {
        fetch: config.fetch,
        clock,
        timeoutMs: attemptTimeoutMs,
        maxBodyBytes,
        signal,
      });
      let error: HmrcError;
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        const { response } = outcome;
        log({
          level: 'debug',
          event: 'response',
          operation,
          attempt,
          url,
          status: response.status,
          durationMs: clock.now() - sentAt,
          message: `${response.status} from ${request.method} ${url}`,
        });
        if (response.status >= 200 && response.status < 300)
          return { response, attempts: attempt, what };
        error = failures.fromResponse(what, operation, response, attempt);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      } else if (outcome.kind === 'aborted') {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      } else if (outcome.kind === 'too-large') {
        throw fail(
          'INVALID_RESPONSE',
          `HMRC's answer to ${what} is larger than ${maxBodyBytes} bytes`,
          { operation, status: outcome.status, attempts: attempt },
        );
      } else if (outcome.kind === 'timeout') {
        error = fail('TIMEOUT', `${what} did not answer within ${attemptTimeoutMs} ms`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      } else {
        error = fail('NETWORK', `could not reach ${url}`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      }
      if (attempt >= policy.maxAttempts)
        throw attempt === 1
          ? error
          : restate(error, ` (gave up after ${attempt} attempts)`, {
              attempts: attempt,
              retryAfterMs,
            });
      let delay = backoffDelay(attempt, policy, random);
      if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
      if (clock.now() + delay >= deadline)
        throw restate(
          error,
          `; not retried: waiting ${delay} ms would exceed the ${policy.maxElapsedMs} ms time budget`,
          { attempts: attempt, retryAfterMs },
        );
      // Throttling and announced outages hold every caller sharing the limiter, not just this one.
      if (error.status === 429 || (error.status === 503 && retryAfterMs !== undefined))
        limiter.pause(clock.now() + delay);
      log({
        level: 'warn',
        event: 'retry',
        operation,
        attempt,
        url,
        delayMs: delay,
        code: error.code,
        ...(error.status !== undefined ? { status: error.status } : {}),
        message: `${error.code} from ${what}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`,
      });
      try {
        await clock.sleep(delay, signal);
      } catch (cause) {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt,
          cause,
        });
      }
    }
  };
}
