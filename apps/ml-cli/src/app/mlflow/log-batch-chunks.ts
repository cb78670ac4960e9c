import {
  type LogBatchRequest,
  type MlflowKeyValue,
  type MlflowMetric,
  type MlflowMetricValue,
} from './mlflow-rest.types';

/** MLflow's per-request limits for runs/log-batch (kept a little under the 1 MB ceiling). */
export const LOG_BATCH_LIMITS = {
  metrics: 1000,
  paramsAndTags: 100,
  entities: 1000,
  bytes: 1_000_000,
} as const;

/** Body bytes besides the entities: braces, keys and the run id. */
const ENVELOPE_BYTES = 200;

export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step?: number;
}

export interface RunBatch {
  readonly metrics?: readonly MetricPoint[];
  readonly params?: readonly MlflowKeyValue[];
  readonly tags?: readonly MlflowKeyValue[];
}

/** NaN → "NaN", ±Infinity → "Infinity"/"-Infinity": JSON has no such numbers. */
export function encodeMetricValue(value: number): MlflowMetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * Splits one batch into log-batch requests that each respect MLflow's limits: at most 1000
 * metrics, 100 params and tags together, 1000 entities, and 1 MB of JSON. Each request takes the
 * next params/tags first and fills the rest with metrics, so few requests are needed.
 */
export function chunkLogBatch(runId: string, batch: RunBatch): LogBatchRequest[] {
  const pairs: ['params' | 'tags', MlflowKeyValue][] = [
    ...(batch.params ?? []).map((p): ['params', MlflowKeyValue] => ['params', p]),
    ...(batch.tags ?? []).map((t): ['tags', MlflowKeyValue] => ['tags', t]),
  ];
  const metrics: MlflowMetric[] = (batch.metrics ?? []).map((metric) => ({
    key: metric.key,
    value: encodeMetricValue(metric.value),
    timestamp: metric.timestamp,
    step: metric.step ?? 0,
  }));
  const requests: LogBatchRequest[] = [];
  let p = 0;
  let m = 0;
  while (p < pairs.length || m < metrics.length) {
    const chunk = {
      metrics: [] as MlflowMetric[],
      params: [] as MlflowKeyValue[],
      tags: [] as MlflowKeyValue[],
    };
    const count = () => chunk.metrics.length + chunk.params.length + chunk.tags.length;
    let bytes = ENVELOPE_BYTES + runId.length;
    // An entity always fits an empty request, so a lone oversized one still goes (and the server says why).
    const fits = (entity: unknown): boolean => {
      const size = Buffer.byteLength(JSON.stringify(entity)) + 1;
      if (count() > 0 && bytes + size > LOG_BATCH_LIMITS.bytes) return false;
      bytes += size;
      return true;
    };
    let pair = pairs[p];
    while (
      pair &&
      chunk.params.length + chunk.tags.length < LOG_BATCH_LIMITS.paramsAndTags &&
      fits(pair[1])
    ) {
      chunk[pair[0]].push(pair[1]);
      pair = pairs[++p];
    }
    let metric = metrics[m];
    while (
      metric &&
      chunk.metrics.length < LOG_BATCH_LIMITS.metrics &&
      count() < LOG_BATCH_LIMITS.entities &&
      fits(metric)
    ) {
      chunk.metrics.push(metric);
      metric = metrics[++m];
    }
    requests.push({
      run_id: runId,
      ...(chunk.metrics.length > 0 && { metrics: chunk.metrics }),
      ...(chunk.params.length > 0 && { params: chunk.params }),
      ...(chunk.tags.length > 0 && { tags: chunk.tags }),
    });
  }
  return requests;
}
