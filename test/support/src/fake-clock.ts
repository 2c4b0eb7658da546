import type { Clock } from '@fph-kit/hmrc';

interface Timer {
  at: number;
  delay: number;
  seq: number;
  resolve: () => void;
}

/**
 * A virtual clock for tests. Short waits (backoff, rate limiting: delays up to `autoMaxMs`) pass
 * on their own as soon as the event loop is idle, in time order, without real waiting. Longer
 * ones (per-attempt timeouts) pass only when the test calls {@link FakeClock.advance}, so a
 * request in flight never times out by accident. While work registered with
 * {@link FakeClock.track} is in flight (real HTTP on loopback), time stands still: requests take
 * no virtual time, as if the network were instant.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #scheduled = false;
  #busy = 0;
  readonly autoMaxMs: number;
  /** Every wait requested, in order (milliseconds). */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-03-02T10:00:00.000Z'), autoMaxMs = 20_000) {
    this.#now = start;
    this.autoMaxMs = autoMaxMs;
  }

  now(): number {
    return this.#now;
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        delay: ms,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.#schedule();
    });
  }

  /** Holds automatic time passing until `work` settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#busy++;
    const done = (): void => {
      this.#busy--;
      if (this.#timers.length > 0) this.#schedule();
    };
    work.then(done, done);
    return work;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > target) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    this.#now = target;
    if (this.#timers.length > 0) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const next = this.#timers[0];
      if (this.#busy > 0 || !next || next.delay > this.autoMaxMs) return;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      if (this.#timers.length > 0) this.#schedule();
    });
  }
}

export interface SentRequest {
  at: number;
  method: string;
  url: string;
}

/**
 * A fetch for the client under test: real `fetch` to the local server, logged with the virtual
 * time it was sent at, and holding the clock still until the whole body has arrived.
 */
export function trackingFetch(
  clock: FakeClock,
  log: SentRequest[],
): (input: string, init: RequestInit) => Promise<Response> {
  return (input, init) => {
    log.push({ at: clock.now(), method: init.method ?? 'GET', url: input });
    return clock.track(
      (async () => {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response([204, 205, 304].includes(response.status) ? null : body, {
          status: response.status,
          headers: response.headers,
        });
      })(),
    );
  };
}
