import { Injectable } from '@nestjs/common';
import { type RunBatch } from '../mlflow/log-batch-chunks';
import { MlflowConnectionError } from '../mlflow/mlflow-connection.error';
import { type MetricName } from '../pipeline-config/pipeline-vocabulary';
import { ProgressReporter } from '../stage/progress-reporter';
import { beatsChampion } from './champion-policy';
import { type MlflowTracker, type RegisteredVersion, type TrackedRun } from './mlflow-tracker';
import { TrackerFactory } from './tracker-factory.service';

export const CHAMPION_ALIAS = 'champion';

/** A run in progress and the store it lives in. */
export interface ActiveRun {
  readonly tracker: MlflowTracker;
  readonly run: TrackedRun;
  /** True when --offline-fallback sent the run to ./mlruns instead of the server. */
  readonly offline: boolean;
}

export interface Registration {
  readonly version: RegisteredVersion;
  /** Whether the champion alias moved to this version. */
  readonly champion: boolean;
  readonly previousChampion?: { readonly version: string; readonly score?: number };
}

/** Starts, fills and closes MLflow runs, and keeps the `champion` alias on the best version. */
@Injectable()
export class RunRecorder {
  constructor(
    private readonly trackers: TrackerFactory,
    private readonly reporter: ProgressReporter,
  ) {}

  async start(
    experiment: string,
    run: { runName: string; tags: Record<string, string> },
    offlineFallback: boolean,
  ): Promise<ActiveRun> {
    const tracker = this.trackers.tracker();
    const spec = { ...run, startTime: Date.now() };
    try {
      const started = await tracker.startRun(experiment, spec);
      this.reporter.info(`tracking run ${started.runName} (${started.runId}) in ${tracker.target}`);
      return { tracker, run: started, offline: false };
    } catch (error) {
      if (!(offlineFallback && error instanceof MlflowConnectionError)) throw error;
      const offline = this.trackers.offlineTracker();
      this.reporter.warn(
        `${error.message}; --offline-fallback: logging this run to ${offline.target} instead`,
      );
      const started = await offline.startRun(experiment, {
        ...spec,
        tags: { ...spec.tags, 'gatehouse.offline_fallback': 'true' },
      });
      return { tracker: offline, run: started, offline: true };
    }
  }

  async log(
    active: ActiveRun,
    batch: RunBatch,
    artifacts: ReadonlyMap<string, string | Uint8Array>,
  ): Promise<void> {
    await active.tracker.logBatch(active.run, batch);
    for (const [path, content] of artifacts)
      await active.tracker.logArtifact(active.run, path, content);
  }

  async finish(active: ActiveRun): Promise<void> {
    await active.tracker.finishRun(active.run, 'FINISHED', Date.now());
  }

  /** Marks the run FAILED; never throws, since the stage is already failing for another reason. */
  async fail(active: ActiveRun): Promise<void> {
    try {
      await active.tracker.finishRun(active.run, 'FAILED', Date.now());
    } catch (error) {
      this.reporter.warn(
        `could not mark run ${active.run.runId} FAILED: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Registers the run's `model` artifact as a new version and moves `champion` to it only when its
   * score on `metric` (logged as `metricKey`) beats the current champion's.
   */
  async register(
    active: ActiveRun,
    registeredModel: string,
    score: { metric: MetricName; metricKey: string; value: number },
  ): Promise<Registration> {
    const { tracker, run } = active;
    const current = await tracker.getVersionByAlias(registeredModel, CHAMPION_ALIAS);
    const championScore = current?.runId
      ? await tracker.getRunMetric(current.runId, score.metricKey)
      : undefined;
    const version = await tracker.registerModelVersion(registeredModel, run, 'model');
    const champion = beatsChampion(score.metric, score.value, championScore);
    if (champion) await tracker.setAlias(registeredModel, CHAMPION_ALIAS, version.version);
    return {
      version,
      champion,
      ...(current && { previousChampion: { version: current.version, score: championScore } }),
    };
  }
}
