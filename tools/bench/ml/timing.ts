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
  const ms = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { result: result as T, ms };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
