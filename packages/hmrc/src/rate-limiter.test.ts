import { FakeClock } from '@fph-kit/test-support/fake-clock';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

async function grantTimes(
  clock: FakeClock,
  limiter: ReturnType<typeof createRateLimiter>,
  n: number,
) {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      if (await limiter.acquire({ maxWaitMs: 60_000 })) times.push(clock.now());
    }),
  );
  return times.map((t) => t - Date.parse('2026-03-02T10:00:00.000Z'));
}

describe('createRateLimiter', () => {
  it('spaces requests 400 ms apart by default (never more than 3 in a second)', async () => {
    const clock = new FakeClock();
    expect(await grantTimes(clock, createRateLimiter({ clock }), 5)).toEqual([
      0, 400, 800, 1200, 1600,
    ]);
  });

  it('lets a burst through after a quiet spell, then keeps the rate', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock, requestsPerSecond: 2, burst: 3 });
    expect(await grantTimes(clock, limiter, 5)).toEqual([0, 0, 0, 500, 1000]);
  });

  it('refills over idle time but never beyond the bucket', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock, requestsPerSecond: 2, burst: 2 });
    await grantTimes(clock, limiter, 2);
    clock.advance(10_000);
    expect(await grantTimes(clock, limiter, 3)).toEqual([10_000, 10_000, 10_500]);
  });

  it('holds everyone, waiting callers included, until a pause ends', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const limiter = createRateLimiter({ clock });
    const waiting = grantTimes(clock, limiter, 3); // slots at 0, 400, 800
    await Promise.resolve();
    limiter.pause(start + 2000);
    expect(limiter.pausedUntil).toBe(start + 2000);
    const times = await waiting;
    expect(times[0]).toBe(0);
    expect(times.slice(1).every((t) => t >= 2000)).toBe(true);
  });

  it('answers false at once, reserving nothing, when the wait would exceed maxWaitMs', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ clock });
    expect(await limiter.acquire({ maxWaitMs: 0 })).toBe(true);
    expect(await limiter.acquire({ maxWaitMs: 100 })).toBe(false);
    expect(clock.sleeps).toEqual([]);
    expect(await limiter.acquire({ maxWaitMs: 400 })).toBe(true);
    expect(clock.now() - Date.parse('2026-03-02T10:00:00.000Z')).toBe(400);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new FakeClock(undefined, 0);
    const limiter = createRateLimiter({ clock });
    await limiter.acquire({ maxWaitMs: 0 });
    const controller = new AbortController();
    const waiting = limiter.acquire({ maxWaitMs: 10_000, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
