import type { Emit } from './log.js';
import type { RecordStore } from './store/record-store.js';

/** Retention: requests older than `retainDays` are forgotten at start and once a day after. */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  store: RecordStore;
  retainDays: number;
  now: () => number;
  emit: Emit;
}

/** Prunes once now (a failure is logged, not fatal), then daily; resolves to a stop function. */
export async function startRetention(options: RetentionOptions): Promise<() => void> {
  const { store, retainDays, now, emit } = options;
  const prune = async (): Promise<void> => {
    const before = now() - retainDays * DAY_MS;
    try {
      const removed = await store.prune(before);
      emit('info', 'retention', {
        retainDays,
        before: new Date(before).toISOString(),
        removed,
      });
    } catch (error) {
      emit('error', 'retention', { retainDays, error: (error as Error).message });
    }
  };
  await prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
