import { AsyncResource } from 'node:async_hooks';

/** Loads a batch of keys; the result holds one entry per key, in the keys' order. */
export type BatchLoad<K, V> = (keys: K[]) => Promise<V[]>;

/**
 * Collects the lookups made while one turn of the event loop handles the sockets that are
 * ready, and runs them as batches (as Prisma batches findUnique): one database round trip per
 * turn instead of one per request. Equal keys share one lookup. A lookup waits at most until
 * the end of the turn, and its batch is read after its request arrived, never before.
 */
export function tickBatch<K, V>(
  load: BatchLoad<K, V>,
  keyOf: (key: K) => string,
  maxBatchSize = 100,
): (key: K) => Promise<V> {
  interface Waiting {
    key: K;
    settle: { resolve: (value: V) => void; reject: (error: unknown) => void }[];
  }
  // The flush runs outside any request's async context, so whatever it logs is not filed
  // under the request that happened to open the batch.
  const neutral = new AsyncResource('tick-batch');
  let waiting: Map<string, Waiting> | null = null;

  const flush = (): void => {
    const entries = [...(waiting?.values() ?? [])];
    waiting = null;
    for (let start = 0; start < entries.length; start += maxBatchSize) {
      const chunk = entries.slice(start, start + maxBatchSize);
      void loadChunk(chunk);
    }
  };

  const loadChunk = async (chunk: Waiting[]): Promise<void> => {
    try {
      const values = await load(chunk.map((entry) => entry.key));
      // V may itself include undefined, so the contract (one value per key) is checked by length.
      if (values.length !== chunk.length) {
        throw new Error(`Batch load returned ${values.length} values for ${chunk.length} keys`);
      }
      chunk.forEach((entry, i) => {
        for (const { resolve } of entry.settle) resolve(values[i] as V);
      });
    } catch (error) {
      for (const entry of chunk) for (const { reject } of entry.settle) reject(error);
    }
  };

  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (!waiting) {
        waiting = new Map();
        neutral.runInAsyncScope(() => setImmediate(flush));
      }
      const id = keyOf(key);
      let entry = waiting.get(id);
      if (!entry) {
        entry = { key, settle: [] };
        waiting.set(id, entry);
      }
      entry.settle.push({ resolve, reject });
    });
}
