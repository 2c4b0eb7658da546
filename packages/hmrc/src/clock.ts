/**
 * Time as the client sees it. Tests pass a virtual clock so that backoff, rate limiting and
 * timeouts run without real waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (also used to read Retry-After dates). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. When `signal` aborts first, the wait is cancelled and the
   * promise rejects with the signal's reason.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
