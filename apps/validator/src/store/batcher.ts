/**
 * Group commit: calls that arrive while a write is under way wait for it, then go together in one
 * statement, so many concurrent requests cost a few round trips and commits instead of one each.
 * Nothing waits on a timer: a call that finds no write under way starts one at once.
 */

export interface Batcher<I, O> {
  /** Resolves to this item's result once its batch is committed; rejects if the batch failed. */
  push(item: I): Promise<O>;
}

export function createBatcher<I, O>(
  /** Writes the items in order, resolving to one result per item, in the same order. */
  flush: (items: I[]) => Promise<O[]>,
  options: { maxBatch: number; maxInFlight: number },
): Batcher<I, O> {
  const queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;

  const next = (): void => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      flush(batch.map((b) => b.item))
        .then(
          (results) => {
            for (const [i, b] of batch.entries()) b.resolve(results[i]!);
          },
          (error: unknown) => {
            for (const b of batch) b.reject(error);
          },
        )
        .finally(() => {
          inFlight--;
          next();
        });
    }
  };

  return {
    push(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        next();
      });
    },
  };
}
