import { randomUUID } from 'node:crypto';
import { compare, parseFilter } from './fake-mlflow-filter';
import {
  decode,
  encode,
  error,
  type FakeAnswer,
  type FakeMlflowStore,
  type FakeRun,
  type Json,
  type Metric,
  missing,
  notActive,
  ok,
  text,
} from './fake-mlflow-store';

const ADJECTIVES = ['gregarious', 'calm', 'brave', 'sleek', 'bold', 'quiet'];
const ANIMALS = ['shoat', 'owl', 'lynx', 'wren', 'toad', 'mule'];

/**
 * The run endpoints of the fake MLflow server: create, log-batch (with MLflow's limits), update,
 * set-tag, delete/restore, get, search. Writes to a deleted run (or into a deleted experiment)
 * answer 400 as the real server does; reads of a deleted run still answer it.
 */
export class FakeMlflowRuns {
  constructor(private readonly store: FakeMlflowStore) {}

  createRun(body: Json): FakeAnswer {
    const experimentId = text(body['experiment_id'], '0');
    const experiment = this.store.experiments.get(experimentId);
    if (!experiment) {
      return error(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${experimentId} exists`);
    }
    if (experiment.lifecycle_stage !== 'active') return notActive('experiment', experimentId);
    const runId = randomUUID().replace(/-/g, '');
    const tags = new Map(
      ((body['tags'] as Json[] | undefined) ?? []).map((t) => [
        String(t['key']),
        String(t['value']),
      ]),
    );
    const runName = text(body['run_name']) || (tags.get('mlflow.runName') ?? this.randomName());
    tags.set('mlflow.runName', runName);
    const run: FakeRun = {
      info: {
        run_uuid: runId,
        experiment_id: experimentId,
        run_name: runName,
        user_id: text(body['user_id']),
        status: 'RUNNING',
        start_time: Number(body['start_time'] ?? Date.now()),
        artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        lifecycle_stage: 'active',
        run_id: runId,
      },
      params: new Map(),
      tags,
      metrics: [],
    };
    this.store.runs.set(runId, run);
    return ok({ run: this.runJson(run, false) });
  }

  logBatch(body: Json, bytes: number): FakeAnswer {
    if (bytes > 1_000_000) {
      return error(
        400,
        'INVALID_PARAMETER_VALUE',
        `Batched logging API requests must be at most 1 MB in size. Got size ${bytes} bytes.`,
      );
    }
    const run = this.store.runs.get(String(body['run_id']));
    if (!run) return this.runNotFound(String(body['run_id']));
    if (run.info.lifecycle_stage !== 'active') return notActive('run', run.info.run_id);
    const metrics = (body['metrics'] as Json[] | undefined) ?? [];
    const params = (body['params'] as Json[] | undefined) ?? [];
    const tags = (body['tags'] as Json[] | undefined) ?? [];
    for (const [kind, list, limit] of [
      ['metrics', metrics, 1000],
      ['params', params, 100],
      ['tags', tags, 100],
    ] as const) {
      if (list.length > limit) {
        return error(
          400,
          'INVALID_PARAMETER_VALUE',
          `A batch logging request can contain at most ${limit} ${kind}. Got ${list.length} ${kind}. Please split up ${kind} across multiple requests and try again.`,
        );
      }
    }
    if (metrics.length + params.length + tags.length > 1000) {
      return error(
        400,
        'INVALID_PARAMETER_VALUE',
        `A batch logging request can contain at most 1000 metrics, params, and tags in total. Got ${metrics.length + params.length + tags.length} total values. Please split up metrics, params, and tags across multiple requests and try again.`,
      );
    }
    const missingTimestamp = metrics.findIndex((m) => m['timestamp'] === undefined);
    if (missingTimestamp >= 0) return missing(`metrics[${missingTimestamp}].timestamp`);
    const changed = params.filter(
      (p) =>
        run.params.has(String(p['key'])) && run.params.get(String(p['key'])) !== String(p['value']),
    );
    if (changed.length > 0) {
      const list = changed.map(
        (p) =>
          `{'key': '${String(p['key'])}', 'old_value': '${run.params.get(String(p['key']))}', 'new_value': '${String(p['value'])}'}`,
      );
      return error(
        400,
        'INVALID_PARAMETER_VALUE',
        `Changing param values is not allowed. Params were already logged='[${list.join(', ')}]' for run ID='${run.info.run_id}'.`,
      );
    }
    for (const p of params) run.params.set(String(p['key']), String(p['value']));
    for (const t of tags) run.tags.set(String(t['key']), String(t['value']));
    for (const m of metrics) {
      const metric = {
        key: String(m['key']),
        value: decode(m['value']),
        timestamp: Number(m['timestamp']),
        step: Number(m['step'] ?? 0),
      };
      // The SQL store's primary key is (run, key, timestamp, step, value): the same point twice is one.
      if (!run.metrics.some((old) => samePoint(old, metric))) run.metrics.push(metric);
    }
    return ok();
  }

  setTag(body: Json): FakeAnswer {
    const run = this.store.runs.get(text(body['run_id']));
    if (!run) return this.runNotFound(text(body['run_id']));
    if (run.info.lifecycle_stage !== 'active') return notActive('run', run.info.run_id);
    run.tags.set(text(body['key']), text(body['value']));
    return ok();
  }

  setLifecycle(body: Json, stage: 'active' | 'deleted'): FakeAnswer {
    const run = this.store.runs.get(text(body['run_id']));
    if (!run) return this.runNotFound(text(body['run_id']));
    run.info.lifecycle_stage = stage;
    return ok();
  }

  logMetric(body: Json): FakeAnswer {
    if (body['timestamp'] === undefined) return missing('timestamp');
    const { run_id: runId, ...metric } = body;
    return this.logBatch({ run_id: runId, metrics: [metric] }, 0);
  }

  updateRun(body: Json): FakeAnswer {
    const run = this.store.runs.get(String(body['run_id']));
    if (!run) return this.runNotFound(String(body['run_id']));
    if (run.info.lifecycle_stage !== 'active') return notActive('run', run.info.run_id);
    if (body['status'] !== undefined) run.info.status = text(body['status']);
    if (body['end_time'] !== undefined) run.info['end_time'] = Number(body['end_time']);
    return ok({ run_info: this.orderedInfo(run) });
  }

  getRun(runId: string): FakeAnswer {
    const run = this.store.runs.get(runId);
    return run ? ok({ run: this.runJson(run, true) }) : this.runNotFound(runId);
  }

  /** Newest first; deleted runs only with run_view_type DELETED_ONLY or ALL; `{}` when none match. */
  searchRuns(body: Json): FakeAnswer {
    const ids = ((body['experiment_ids'] as string[] | undefined) ?? []).map(String);
    const clauses = parseFilter(text(body['filter']));
    if (!clauses)
      return error(400, 'INVALID_PARAMETER_VALUE', `Invalid filter '${text(body['filter'])}'`);
    const view = text(body['run_view_type'], 'ACTIVE_ONLY');
    const runs = [...this.store.runs.values()]
      .filter(
        (run) =>
          ids.includes(run.info.experiment_id) &&
          (view === 'ALL' ||
            (view === 'DELETED_ONLY') === (run.info.lifecycle_stage === 'deleted')) &&
          clauses.every((c) => compare(this.fieldOf(run, c.entity, c.key), c.op, c.value)),
      )
      .sort((a, b) => Number(b.info['start_time']) - Number(a.info['start_time']))
      .slice(0, Number(body['max_results'] ?? 1000));
    return ok(runs.length > 0 ? { runs: runs.map((r) => this.runJson(r, true)) } : {});
  }

  metricHistory(runId: string, key: string): FakeAnswer {
    const run = this.store.runs.get(runId);
    if (!run) return this.runNotFound(runId);
    return ok({
      metrics: run.metrics
        .filter((m) => m.key === key)
        .map((m) => ({ ...m, value: encode(m.value) })),
    });
  }

  private fieldOf(run: FakeRun, entity: string, key: string): string | number | undefined {
    if (entity === 'metrics') return this.latest(run).find((m) => m.key === key)?.value;
    if (entity === 'params') return run.params.get(key);
    if (entity === 'tags') return run.tags.get(key);
    const value = run.info[key];
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }

  /** Field order as MLflow sends it (end_time after start_time). */
  private orderedInfo(run: FakeRun): Json {
    const { end_time: endTime, ...info } = run.info;
    const entries = Object.entries(info);
    const at = entries.findIndex(([k]) => k === 'start_time') + 1;
    if (endTime !== undefined) entries.splice(at, 0, ['end_time', endTime]);
    return Object.fromEntries(entries);
  }

  private latest(run: FakeRun): Metric[] {
    const byKey = new Map<string, Metric>();
    for (const m of run.metrics) {
      const current = byKey.get(m.key);
      if (
        !current ||
        m.step > current.step ||
        (m.step === current.step && m.timestamp >= current.timestamp)
      )
        byKey.set(m.key, m);
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  private runJson(run: FakeRun, withInputs: boolean): Json {
    const data: Json = {};
    const metrics = this.latest(run).map((m) => ({ ...m, value: encode(m.value) }));
    if (metrics.length > 0) data['metrics'] = metrics;
    if (run.params.size > 0)
      data['params'] = [...run.params]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => ({ key, value }));
    if (run.tags.size > 0) data['tags'] = [...run.tags].map(([key, value]) => ({ key, value }));
    return { info: this.orderedInfo(run), data, ...(withInputs && { inputs: {} }) };
  }

  runNotFound(runId: string): FakeAnswer {
    return error(404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${runId} not found`);
  }

  private randomName(): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
    return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`;
  }
}

function samePoint(a: Metric, b: Metric): boolean {
  const sameValue = a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value));
  return a.key === b.key && a.timestamp === b.timestamp && a.step === b.step && sameValue;
}
