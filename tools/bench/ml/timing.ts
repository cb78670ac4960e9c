export interface Timed<T> {
  readonly result: T;
  /** Median wall time in milliseconds. */
  readonly ms: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times; returns the last result and the median time. */
export async function timeMedian<T>(
  fn: () => T | Promise<T>,
  runs: number,
  warmup = 1,
): Promise<Timed<T>> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const upper = times[mid];
  if (upper === undefined) throw new RangeError('timeMedian needs at least one run');
  const ms = times.length % 2 ? upper : ((times[mid - 1] ?? upper) + upper) / 2;
  return { result: result as T, ms };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
