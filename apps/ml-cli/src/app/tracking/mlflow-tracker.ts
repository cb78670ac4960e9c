import { type RunBatch } from '../mlflow/log-batch-chunks';

/** A run being recorded, wherever it lives. */
export interface TrackedRun {
  readonly runId: string;
  readonly runName: string;
  readonly experimentId: string;
  readonly experimentName: string;
  /** `mlflow-artifacts:/…` on a server, `file:///…/artifacts` in a file store. */
  readonly artifactUri: string;
}

/** One version of a registered model. */
export interface RegisteredVersion {
  readonly name: string;
  readonly version: string;
  /** Where the model's files are: `<run artifact URI>/model`. */
  readonly source: string;
  readonly runId?: string;
}

export type RunEndStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/**
 * Where runs are recorded: an MLflow tracking server (RestTracker over MlflowClient) or MLflow's
 * file-store layout in a local directory (FileStoreTracker), which `mlflow ui` reads as is.
 */
export interface MlflowTracker {
  /** For messages: `MLflow at http://localhost:5001` or `file store mlruns`. */
  readonly target: string;
  startRun(
    experimentName: string,
    run: { runName: string; startTime: number; tags: Record<string, string> },
  ): Promise<TrackedRun>;
  logBatch(run: TrackedRun, batch: RunBatch): Promise<void>;
  logArtifact(run: TrackedRun, path: string, content: string | Uint8Array): Promise<void>;
  finishRun(run: TrackedRun, status: RunEndStatus, endTime: number): Promise<void>;
  /** Creates the registered model if needed and a new version whose source is `<artifactUri>/<artifactPath>`. */
  registerModelVersion(
    name: string,
    run: TrackedRun,
    artifactPath: string,
  ): Promise<RegisteredVersion>;
  getVersion(name: string, version: string): Promise<RegisteredVersion | undefined>;
  getVersionByAlias(name: string, alias: string): Promise<RegisteredVersion | undefined>;
  setAlias(name: string, alias: string, version: string): Promise<void>;
  /** The latest value of a run's metric, or undefined. */
  getRunMetric(runId: string, key: string): Promise<number | undefined>;
  /** A file of a registered version, e.g. `model.json`. */
  readVersionFile(version: RegisteredVersion, file: string): Promise<Buffer>;
}
