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

/** What a tracker knows about a run: enough to decide whether its score still counts. */
export interface RunState {
  /** RUNNING, FINISHED, FAILED, KILLED … */
  readonly status: string;
  /** Deleted (soft: lifecycle_stage "deleted", or its experiment moved to .trash). */
  readonly deleted: boolean;
  /** The latest value of the metric asked for, if logged. */
  readonly value?: number;
}

export interface RunSpec {
  readonly runName: string;
  readonly startTime: number;
  readonly tags: Record<string, string>;
  /** The run's `user_id` (MLflow's UI shows it as the run's user). */
  readonly userId?: string;
}

/**
 * Where runs are recorded: an MLflow tracking server (RestTracker over MlflowClient) or MLflow's
 * file-store layout in a local directory (FileStoreTracker), which `mlflow ui` reads as is.
 */
export interface MlflowTracker {
  /** For messages: `MLflow at http://localhost:5001` or `file store mlruns`. */
  readonly target: string;
  startRun(experimentName: string, run: RunSpec): Promise<TrackedRun>;
  logBatch(run: TrackedRun, batch: RunBatch): Promise<void>;
  logArtifact(run: TrackedRun, path: string, content: string | Uint8Array): Promise<void>;
  finishRun(run: TrackedRun, status: RunEndStatus, endTime: number): Promise<void>;
  /** Creates the registered model if needed and a new version whose source is `<artifactUri>/<artifactPath>`. */
  registerModelVersion(
    name: string,
    run: TrackedRun,
    artifactPath: string,
  ): Promise<RegisteredVersion>;
  deleteVersion(name: string, version: string): Promise<void>;
  getVersion(name: string, version: string): Promise<RegisteredVersion | undefined>;
  getVersionByAlias(name: string, alias: string): Promise<RegisteredVersion | undefined>;
  setAlias(name: string, alias: string, version: string): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  /** The run's status and latest `metricKey`, or undefined when the run is gone for good. */
  describeRun(runId: string, metricKey: string): Promise<RunState | undefined>;
  /** A file of a registered version, e.g. `model.json`. */
  readVersionFile(version: RegisteredVersion, file: string): Promise<Buffer>;
}
