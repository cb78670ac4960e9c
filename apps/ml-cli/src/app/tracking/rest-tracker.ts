import { type RunBatch } from '../mlflow/log-batch-chunks';
import { unlessMissing } from '../mlflow/mlflow-http';
import { type MlflowModelVersion } from '../mlflow/mlflow-rest.types';
import { type MlflowClient, RUN_KEY_TAG } from '../mlflow/mlflow.client';
import {
  type MlflowTracker,
  type RegisteredVersion,
  type RunEndStatus,
  type RunSpec,
  type RunState,
  type TrackedRun,
} from './mlflow-tracker';

export const toVersion = (v: MlflowModelVersion): RegisteredVersion => ({
  name: v.name,
  version: v.version,
  source: v.source,
  runId: v.run_id,
});

/** Records runs on an MLflow tracking server through {@link MlflowClient}. */
export class RestTracker implements MlflowTracker {
  constructor(private readonly client: MlflowClient) {}

  get target(): string {
    return `MLflow at ${this.client.trackingUri}`;
  }

  async startRun(experimentName: string, spec: RunSpec): Promise<TrackedRun> {
    const experiment = await this.client.getOrCreateExperiment(experimentName);
    const { [RUN_KEY_TAG]: runKey, ...tags } = spec.tags;
    const created = await this.client.createRun({
      experimentId: experiment.experiment_id,
      startTime: spec.startTime,
      runName: spec.runName,
      userId: spec.userId,
      tags,
      runKey,
    });
    return {
      runId: created.info.run_id,
      runName: created.info.run_name,
      experimentId: experiment.experiment_id,
      experimentName,
      artifactUri: created.info.artifact_uri,
    };
  }

  async logBatch(run: TrackedRun, batch: RunBatch): Promise<void> {
    await this.client.logBatch(run.runId, batch);
  }

  logArtifact(run: TrackedRun, path: string, content: string | Uint8Array): Promise<void> {
    return this.client.uploadArtifact(run.artifactUri, path, content);
  }

  async finishRun(run: TrackedRun, status: RunEndStatus, endTime: number): Promise<void> {
    await this.client.updateRun(run.runId, status, endTime);
  }

  async registerModelVersion(
    name: string,
    run: TrackedRun,
    artifactPath: string,
  ): Promise<RegisteredVersion> {
    await this.client.ensureRegisteredModel(name);
    const source = `${run.artifactUri.replace(/\/+$/, '')}/${artifactPath}`;
    return toVersion(await this.client.createModelVersion(name, source, run.runId));
  }

  deleteVersion(name: string, version: string): Promise<void> {
    return this.client.deleteModelVersion(name, version);
  }

  async getVersion(name: string, version: string): Promise<RegisteredVersion | undefined> {
    const found = await this.client.getModelVersion(name, version);
    return found && toVersion(found);
  }

  async getVersionByAlias(name: string, alias: string): Promise<RegisteredVersion | undefined> {
    const found = await this.client.getModelVersionByAlias(name, alias);
    return found && toVersion(found);
  }

  setAlias(name: string, alias: string, version: string): Promise<void> {
    return this.client.setAlias(name, alias, version);
  }

  deleteAlias(name: string, alias: string): Promise<void> {
    return this.client.deleteAlias(name, alias);
  }

  async describeRun(runId: string, metricKey: string): Promise<RunState | undefined> {
    const run = await unlessMissing(this.client.getRun(runId));
    if (!run) return undefined;
    const metric = run.data.metrics?.find((m) => m.key === metricKey);
    return {
      status: run.info.status,
      deleted: run.info.lifecycle_stage === 'deleted',
      ...(metric && { value: Number(metric.value) }),
    };
  }

  readVersionFile(version: RegisteredVersion, file: string): Promise<Buffer> {
    return this.client.downloadArtifact(version.source, file);
  }
}
