import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
}

/** Seconds of the same load before measuring: the JIT's first seconds are not the steady rate. */
export const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);

/** Drives one endpoint with autocannon and keeps the figures we report. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      connections: options.connections,
      duration,
      requests: options.requests,
    });
  // A run of its own, not autocannon's `warmup`, which skips the requests' onResponse hooks
  // (the refresh load hands each successor token back through one).
  if (WARMUP_SECONDS > 0) await run(WARMUP_SECONDS);
  const result = await run(options.seconds);
  return {
    name: options.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
