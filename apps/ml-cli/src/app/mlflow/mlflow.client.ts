import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { chunkLogBatch, type RunBatch } from './log-batch-chunks';
import { MLFLOW_CLIENT_OPTIONS, type MlflowClientOptions } from './mlflow-client.options';
import {
  artifactEndpoint,
  backoffDelay,
  describeNetworkError,
  requestHeaders,
  toApiError,
  unlessExisting,
  unlessMissing,
} from './mlflow-http';
import {
  type MlflowExperiment,
  type MlflowModelVersion,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
} from './mlflow-rest.types';
import { MlflowUnreachableError } from './mlflow-unreachable.error';

interface RequestSpec {
  readonly query?: Record<string, string>;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  /** Answer raw bytes instead of parsing JSON. */
  readonly raw?: boolean;
}

/**
 * A typed client for the MLflow 2.x REST API on global `fetch`: every request has a timeout,
 * network errors, 429 and 5xx are retried with exponential backoff, and error answers become
 * {@link MlflowApiError}s. Nothing else in ml-cli talks HTTP to MLflow. Request bodies are never
 * logged.
 */
@Injectable()
export class MlflowClient {
  private readonly logger = new Logger(MlflowClient.name);
  private readonly base: string;

  constructor(@Inject(MLFLOW_CLIENT_OPTIONS) private readonly options: MlflowClientOptions) {
    this.base = options.trackingUri.replace(/\/+$/, '');
  }

  get trackingUri(): string {
    return this.base;
  }

  /** The experiment, or undefined when the server answers 404 RESOURCE_DOES_NOT_EXIST. */
  async getExperimentByName(name: string): Promise<MlflowExperiment | undefined> {
    const query = { experiment_name: name };
    const body = await unlessMissing(
      this.get<{ experiment: MlflowExperiment }>('experiments/get-by-name', query),
    );
    return body?.experiment;
  }

  async createExperiment(name: string): Promise<string> {
    const body = await this.post<{ experiment_id: string }>('experiments/create', { name });
    return body.experiment_id;
  }

  /** Gets the experiment by name or creates it; a concurrent create is tolerated. */
  async getOrCreateExperiment(name: string): Promise<MlflowExperiment> {
    const existing = await this.getExperimentByName(name);
    if (existing) return existing;
    await unlessExisting(this.createExperiment(name));
    const created = await this.getExperimentByName(name);
    if (!created) throw new Error(`MLflow created experiment "${name}" but cannot find it`);
    return created;
  }

  async createRun(input: {
    experimentId: string;
    startTime: number;
    runName?: string;
    tags?: Record<string, string>;
  }): Promise<MlflowRun> {
    const body = await this.post<{ run: MlflowRun }>('runs/create', {
      experiment_id: input.experimentId,
      start_time: input.startTime,
      ...(input.runName && { run_name: input.runName }),
      tags: Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value })),
    });
    return body.run;
  }

  /** Logs params, metrics and tags in as many log-batch requests as MLflow's limits need. */
  async logBatch(runId: string, batch: RunBatch): Promise<number> {
    const requests = chunkLogBatch(runId, batch);
    for (const request of requests) await this.post('runs/log-batch', request);
    return requests.length;
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

  /** PUT through the server's artifact proxy (`mlflow-artifacts:` artifact URIs). */
  async uploadArtifact(
    artifactUri: string,
    path: string,
    content: Uint8Array | string,
  ): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    await this.request('PUT', artifactEndpoint(artifactUri, path), { bytes });
  }

  async downloadArtifact(artifactUri: string, path: string): Promise<Buffer> {
    const body = await this.request<Uint8Array>('GET', artifactEndpoint(artifactUri, path), {
      raw: true,
    });
    return Buffer.from(body);
  }

  /** Creates the registered model unless it exists already. */
  async ensureRegisteredModel(name: string): Promise<void> {
    await unlessExisting(this.post('registered-models/create', { name }));
  }

  async createModelVersion(
    name: string,
    source: string,
    runId: string,
  ): Promise<MlflowModelVersion> {
    const body = await this.post<{ model_version: MlflowModelVersion }>('model-versions/create', {
      name,
      source,
      run_id: runId,
    });
    return body.model_version;
  }

  async getModelVersion(name: string, version: string): Promise<MlflowModelVersion | undefined> {
    const query = { name, version };
    const body = await unlessMissing(
      this.get<{ model_version: MlflowModelVersion }>('model-versions/get', query),
    );
    return body?.model_version;
  }

  /**
   * The version an alias points to, or undefined. MLflow answers an unknown alias with 400
   * INVALID_PARAMETER_VALUE (not 404), and an unknown model with 404.
   */
  async getModelVersionByAlias(
    name: string,
    alias: string,
  ): Promise<MlflowModelVersion | undefined> {
    const body = await unlessMissing(
      this.get<{ model_version: MlflowModelVersion }>('registered-models/alias', { name, alias }),
      (error) =>
        error.is('INVALID_PARAMETER_VALUE', 400) && /alias .* not found/i.test(error.serverMessage),
    );
    return body?.model_version;
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.post('registered-models/alias', { name, alias, version });
  }

  private get<T>(endpoint: string, query: Record<string, string>): Promise<T> {
    return this.request<T>('GET', `api/2.0/mlflow/${endpoint}`, { query });
  }

  private post<T = Record<string, never>>(endpoint: string, json: unknown): Promise<T> {
    return this.request<T>('POST', `api/2.0/mlflow/${endpoint}`, { json });
  }

  private async request<T>(method: string, path: string, spec: RequestSpec = {}): Promise<T> {
    const url = new URL(`${this.base}/${path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, value);
    const endpoint = `${method} ${path.replace(/^api\/2\.0\/(mlflow\/)?/, '')}`;
    const init: RequestInit = {
      method,
      headers: requestHeaders(
        this.options,
        spec.json !== undefined ? 'json' : spec.bytes ? 'bytes' : undefined,
      ),
    };
    if (spec.json !== undefined) init.body = JSON.stringify(spec.json);
    else if (spec.bytes) init.body = spec.bytes;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        const reason = describeNetworkError(error, this.options.timeoutMs);
        if (attempt < this.options.maxRetries) {
          await this.pause(endpoint, reason, attempt);
          continue;
        }
        throw new MlflowUnreachableError(this.base, reason, attempt + 1);
      }
      this.logger.debug(`${endpoint} → ${response.status} (${Date.now() - started} ms)`);
      const retryable = response.status >= 500 || response.status === 429;
      if (retryable && attempt < this.options.maxRetries) {
        await response.arrayBuffer().catch(() => undefined);
        await this.pause(
          endpoint,
          `HTTP ${response.status}`,
          attempt,
          response.headers.get('retry-after'),
        );
        continue;
      }
      if (!response.ok) throw await toApiError(response, endpoint);
      if (spec.raw) return new Uint8Array(await response.arrayBuffer()) as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : {}) as T;
    }
  }

  private async pause(
    endpoint: string,
    reason: string,
    attempt: number,
    retryAfter?: string | null,
  ): Promise<void> {
    this.logger.warn(`${endpoint}: ${reason}; retry ${attempt + 1}/${this.options.maxRetries}`);
    await sleep(backoffDelay(attempt, this.options.retryDelayMs ?? 250, retryAfter));
  }
}
