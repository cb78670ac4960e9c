import { chunkLogBatch, encodeMetricValue, LOG_BATCH_LIMITS } from './log-batch-chunks';

describe(chunkLogBatch.name, () => {
  const metric = (i: number) => ({ key: `m${i}`, value: i, timestamp: 1, step: 0 });
  const pair = (i: number) => ({ key: `k${i}`, value: `v${i}` });

  it('sends a small batch as one request with timestamps and steps on every metric', () => {
    const [request, ...rest] = chunkLogBatch('run', {
      params: [pair(1)],
      tags: [pair(2)],
      metrics: [{ key: 'acc', value: 0.9, timestamp: 5 }],
    });
    expect(rest).toEqual([]);
    expect(request).toEqual({
      run_id: 'run',
      params: [pair(1)],
      tags: [pair(2)],
      metrics: [{ key: 'acc', value: 0.9, timestamp: 5, step: 0 }],
    });
  });

  it('keeps each request within 1000 metrics and 100 params and tags together', () => {
    const requests = chunkLogBatch('run', {
      metrics: Array.from({ length: 2500 }, (_, i) => metric(i)),
      params: Array.from({ length: 150 }, (_, i) => pair(i)),
      tags: Array.from({ length: 60 }, (_, i) => pair(i)),
    });
    for (const r of requests) {
      const [m, p, t] = [r.metrics?.length ?? 0, r.params?.length ?? 0, r.tags?.length ?? 0];
      expect(m).toBeLessThanOrEqual(LOG_BATCH_LIMITS.metrics);
      expect(p + t).toBeLessThanOrEqual(LOG_BATCH_LIMITS.paramsAndTags);
      expect(m + p + t).toBeLessThanOrEqual(LOG_BATCH_LIMITS.entities);
    }
    const metrics = requests.flatMap((r) => r.metrics ?? []);
    expect(metrics.map((m) => m.key)).toEqual(Array.from({ length: 2500 }, (_, i) => `m${i}`));
    expect(requests.flatMap((r) => r.params ?? [])).toHaveLength(150);
    expect(requests.flatMap((r) => r.tags ?? [])).toHaveLength(60);
    expect(requests).toHaveLength(3);
  });

  it('splits by size so no request body exceeds 1 MB', () => {
    const big = 'x'.repeat(5000);
    const requests = chunkLogBatch('run', {
      tags: Array.from({ length: 99 }, (_, i) => ({ key: `t${i}`, value: big })),
      metrics: Array.from({ length: 999 }, (_, i) => ({
        key: `${'long_metric_name_'.repeat(50)}${i}`,
        value: i,
        timestamp: 1,
      })),
    });
    expect(requests.length).toBeGreaterThan(1);
    for (const r of requests)
      expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(LOG_BATCH_LIMITS.bytes);
  });

  it('sends NaN and infinities as strings, since JSON has no such numbers', () => {
    expect([NaN, Infinity, -Infinity, 0.5].map(encodeMetricValue)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      0.5,
    ]);
    const [request] = chunkLogBatch('run', {
      metrics: [{ key: 'loss', value: NaN, timestamp: 1 }],
    });
    expect(JSON.parse(JSON.stringify(request))).toMatchObject({ metrics: [{ value: 'NaN' }] });
  });

  it('sends nothing for an empty batch', () => {
    expect(chunkLogBatch('run', {})).toEqual([]);
  });
});
