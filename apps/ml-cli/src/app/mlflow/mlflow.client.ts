import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { chunkLogBatch, type RunBatch } from './log-batch-chunks';
import { MLFLOW_CLIENT_OPTIONS, type MlflowClientOptions } from './mlflow-client.options';
import { MlflowExperimentDeletedError } from './mlflow-experiment-deleted.error';
import { artifactEndpoint, filterValue, unlessExisting, unlessMissing } from './mlflow-http';
import {
  type MlflowExperiment,
  type MlflowModelVersion,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
} from './mlflow-rest.types';
import { MlflowTransport, type RequestSpec } from './mlflow-transport';

/**
 * The tag that names a run before the server has given it an id: a create that timed out looks
 * for it (runs/search) before trying again, and `sync` finds what it already pushed by it.
 */
export const RUN_KEY_TAG = 'gatehouse.run_key';

export const newRunKey = (): string => randomUUID().replace(/-/g, '');

/**
 * A typed client for the MLflow 2.x REST API (see MlflowTransport for timeouts and retries).
 * Requests that create something are never repeated blindly: after a failure the server may
 * have acted on, each looks for what the first attempt made (the experiment by name, the run by
 * its key tag, the version among the run's versions) and returns that instead.
 */
@Injectable()
export class MlflowClient {
  private readonly http: MlflowTransport;

  constructor(@Inject(MLFLOW_CLIENT_OPTIONS) options: MlflowClientOptions) {
    this.http = new MlflowTransport(options);
  }

  get trackingUri(): string {
    return this.http.base;
  }

  /** The experiment (deleted ones too: lifecycle_stage "deleted"), or undefined. */
  async getExperimentByName(name: string): Promise<MlflowExperiment | undefined> {
    const query = { experiment_name: name };
    const body = await unlessMissing(
      this.get<{ experiment: MlflowExperiment }>('experiments/get-by-name', query),
    );
    return body?.experiment;
  }

  async createExperiment(name: string): Promise<string> {
    const body = await this.post<{ experiment_id: string }>(
      'experiments/create',
      { name },
      async () => {
        const made = await this.getExperimentByName(name);
        return made && { experiment_id: made.experiment_id };
      },
    );
    return body.experiment_id;
  }

  /** Gets the experiment by name or creates it; a concurrent create is tolerated, a deleted one refused. */
  async getOrCreateExperiment(name: string): Promise<MlflowExperiment> {
    let experiment = await this.getExperimentByName(name);
    if (!experiment) {
      await unlessExisting(this.createExperiment(name));
      experiment = await this.getExperimentByName(name);
    }
    if (!experiment) throw new Error(`MLflow created experiment "${name}" but cannot find it`);
    if (experiment.lifecycle_stage !== 'active') {
      throw new MlflowExperimentDeletedError(name, experiment.experiment_id, this.trackingUri);
    }
    return experiment;
  }

  /** Creates a run tagged with `runKey` (a new one if not given), never twice for one key. */
  async createRun(input: {
    experimentId: string;
    startTime: number;
    runName?: string;
    userId?: string;
    tags?: Record<string, string>;
    runKey?: string;
  }): Promise<MlflowRun> {
    const runKey = input.runKey ?? newRunKey();
    const tags = { ...input.tags, [RUN_KEY_TAG]: runKey };
    const body = await this.post<{ run: MlflowRun }>(
      'runs/create',
      {
        experiment_id: input.experimentId,
        start_time: input.startTime,
        ...(input.runName && { run_name: input.runName }),
        ...(input.userId && { user_id: input.userId }),
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      },
      async () => {
        const run = await this.findRunByKey(input.experimentId, runKey);
        return run && { run };
      },
    );
    return body.run;
  }

  /** The run (deleted ones too) tagged with `runKey`, if there is one. */
  async findRunByKey(experimentId: string, runKey: string): Promise<MlflowRun | undefined> {
    const runs = await this.searchRuns([experimentId], {
      filter: `tags.\`${RUN_KEY_TAG}\` = ${filterValue(runKey)}`,
      viewType: 'ALL',
      maxResults: 1,
    });
    return runs[0];
  }

  async searchRuns(
    experimentIds: string[],
    options: { filter?: string; viewType?: 'ACTIVE_ONLY' | 'ALL'; maxResults?: number } = {},
  ): Promise<MlflowRun[]> {
    const body = await this.post<{ runs?: MlflowRun[] }>('runs/search', {
      experiment_ids: experimentIds,
      ...(options.filter && { filter: options.filter }),
      run_view_type: options.viewType ?? 'ACTIVE_ONLY',
      max_results: options.maxResults ?? 1000,
    });
    return body.runs ?? [];
  }

  /**
   * Logs params, metrics and tags in as many log-batch requests as MLflow's limits need. A retry
   * is safe: equal params are accepted, tags overwritten, and MLflow's SQL store keeps one row per
   * (key, timestamp, step, value) metric point.
   */
  async logBatch(runId: string, batch: RunBatch): Promise<number> {
    const requests = chunkLogBatch(runId, batch);
    for (const request of requests) await this.post('runs/log-batch', request);
    return requests.length;
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.post('runs/set-tag', { run_id: runId, key, value });
  }

  async updateRun(runId: string, status: MlflowRunStatus, endTime: number): Promise<MlflowRunInfo> {
    const body = await this.post<{ run_info: MlflowRunInfo }>('runs/update', {
      run_id: runId,
      status,
      end_time: endTime,
    });
    return body.run_info;
  }

  async getRun(runId: string): Promise<MlflowRun> {
    return (await this.get<{ run: MlflowRun }>('runs/get', { run_id: runId })).run;
  }

  /** PUT through the server's artifact proxy (`mlflow-artifacts:` artifact URIs); a PUT overwrites. */
  async uploadArtifact(
    artifactUri: string,
    path: string,
    content: Uint8Array | string,
  ): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    await this.http.request('PUT', artifactEndpoint(artifactUri, path), { bytes });
  }

  /** A missing file is an MlflowApiError of kind `missing` (MLflow 2.12 answers it with 500). */
  async downloadArtifact(artifactUri: string, path: string): Promise<Buffer> {
    const body = await this.http.request<Uint8Array>('GET', artifactEndpoint(artifactUri, path), {
      raw: true,
    });
    return Buffer.from(body);
  }

  /** Creates the registered model unless it exists already (so a repeated create is harmless). */
  async ensureRegisteredModel(name: string): Promise<void> {
    const exists = async () =>
      (await unlessMissing(this.get('registered-models/get', { name }))) && {};
    await unlessExisting(this.post('registered-models/create', { name }, exists));
  }

  /** A new version of `name` from `source`; one per call even when the first answer is lost. */
  async createModelVersion(
    name: string,
    source: string,
    runId: string,
  ): Promise<MlflowModelVersion> {
    const body = await this.post<{ model_version: MlflowModelVersion }>(
      'model-versions/create',
      { name, source, run_id: runId },
      async () => {
        const made = await this.findModelVersion(name, source, runId);
        return made && { model_version: made };
      },
    );
    return body.model_version;
  }

  /** The oldest version of `name` registered from `source` by `runId`, if any. */
  async findModelVersion(
    name: string,
    source: string,
    runId: string,
  ): Promise<MlflowModelVersion | undefined> {
    const versions = await this.searchModelVersions(`run_id=${filterValue(runId)}`);
    return versions
      .filter((v) => v.name === name && v.source === source)
      .sort((a, b) => Number(a.version) - Number(b.version))[0];
  }

  /** Versions matching an MLflow filter such as `run_id='…'` (newest first; without aliases). */
  async searchModelVersions(filter: string): Promise<MlflowModelVersion[]> {
    const body = await this.get<{ model_versions?: MlflowModelVersion[] }>(
      'model-versions/search',
      { filter },
    );
    return body.model_versions ?? [];
  }

  async getModelVersion(name: string, version: string): Promise<MlflowModelVersion | undefined> {
    const query = { name, version };
    const body = await unlessMissing(
      this.get<{ model_version: MlflowModelVersion }>('model-versions/get', query),
    );
    return body?.model_version;
  }

  /**
   * The version an alias points to, or undefined. MLflow answers an alias that is not there
   * with 400 INVALID_PARAMETER_VALUE "Registered model alias … not found.", for a known model and
   * for an unknown one alike (never 404).
   */
  async getModelVersionByAlias(
    name: string,
    alias: string,
  ): Promise<MlflowModelVersion | undefined> {
    const body = await unlessMissing(
      this.get<{ model_version: MlflowModelVersion }>('registered-models/alias', { name, alias }),
    );
    return body?.model_version;
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.post('registered-models/alias', { name, alias, version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.send('DELETE', 'registered-models/alias', { name, alias });
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await unlessMissing(this.send('DELETE', 'model-versions/delete', { name, version }));
  }

  private get<T>(endpoint: string, query: Record<string, string>): Promise<T> {
    return this.http.request<T>('GET', `api/2.0/mlflow/${endpoint}`, { query });
  }

  private post<T = Record<string, never>>(
    endpoint: string,
    json: unknown,
    landed?: RequestSpec<T>['landed'],
  ): Promise<T> {
    return this.http.request<T>('POST', `api/2.0/mlflow/${endpoint}`, { json, landed });
  }

  /** DELETE with the fields as MLflow's own client sends them: a JSON body. */
  private send(method: 'DELETE', endpoint: string, json: Record<string, string>): Promise<unknown> {
    return this.http.request(method, `api/2.0/mlflow/${endpoint}`, { json });
  }
}
