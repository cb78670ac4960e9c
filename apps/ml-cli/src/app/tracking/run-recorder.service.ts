import { Injectable } from '@nestjs/common';
import { osUser } from '../common/os-user';
import { MlflowConnectionError } from '../mlflow/mlflow-connection.error';
import { newRunKey, RUN_KEY_TAG } from '../mlflow/mlflow.client';
import { ProgressReporter } from '../stage/progress-reporter';
import { type ChampionPolicy } from './champion-election';
import { type MlflowTracker, type RunSpec, type TrackedRun } from './mlflow-tracker';
import { type Registration, type RunContent, RunPublication } from './run-publication';
import { TrackerFactory } from './tracker-factory.service';

export { CHAMPION_ALIAS } from './champion-election';
export type { Registration } from './run-publication';

export const OFFLINE_TAG = 'gatehouse.offline_fallback';

/** A run in progress and the store it lives in. */
export interface ActiveRun {
  readonly tracker: MlflowTracker;
  readonly run: TrackedRun;
  /** True when --offline-fallback sent the run to ./mlruns instead of the server. */
  readonly offline: boolean;
  readonly offlineFallback: boolean;
  /** How the run was started, to start it again in ./mlruns if the server goes away. */
  readonly spec: RunSpec;
  /** Finished or failed already: nothing left to close. */
  closed: boolean;
}

const HINT =
  'start it (docker compose up mlflow), fix MLFLOW_TRACKING_URI, or pass --offline-fallback to log to ./mlruns';

/**
 * Starts, publishes and closes MLflow runs. With --offline-fallback a run that cannot reach the
 * server, at its start or at any later step, is completed in ./mlruns with everything it logs
 * (same name, start time, tags and run key, so `ml-cli sync` can push it later).
 */
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
    const spec: RunSpec = {
      runName: run.runName,
      startTime: Date.now(),
      userId: osUser(),
      tags: { 'mlflow.user': osUser(), ...run.tags, [RUN_KEY_TAG]: newRunKey() },
    };
    try {
      const started = await tracker.startRun(experiment, spec);
      this.reporter.info(`tracking run ${started.runName} (${started.runId}) in ${tracker.target}`);
      return { tracker, run: started, offline: false, offlineFallback, spec, closed: false };
    } catch (error) {
      if (!(error instanceof MlflowConnectionError)) throw error;
      if (!offlineFallback) throw withHint(error);
      this.reporter.warn(
        `${error.message}; --offline-fallback: logging this run to ${this.trackers.offlineTracker().target} instead`,
      );
      return this.startOffline(experiment, spec);
    }
  }

  /**
   * Publishes the run (see RunPublication); `content` is asked again for the run it ends up in,
   * since the model's files name their run.
   */
  async record(
    active: ActiveRun,
    content: (run: TrackedRun, target: string) => RunContent,
    policy: ChampionPolicy,
  ): Promise<{ active: ActiveRun; registration: Registration }> {
    const warn = (message: string) => this.reporter.warn(message);
    const publication = new RunPublication(active.tracker, active.run, policy, warn);
    try {
      const registration = await publication.publish(content(active.run, active.tracker.target));
      active.closed = true;
      return { active, registration };
    } catch (error) {
      if (error instanceof MlflowConnectionError && active.offlineFallback && !active.offline) {
        // The server run stays as it is: `ml-cli sync` finds it by its run key and completes it.
        active.closed = true;
        const offline = await this.startOffline(active.run.experimentName, active.spec);
        this.reporter.warn(
          `${error.message}; --offline-fallback: completing run ${offline.run.runName} in ${offline.tracker.target} ` +
            `(server run ${active.run.runId} left as it is; \`ml-cli sync\` completes it later)`,
        );
        return this.record(offline, content, policy);
      }
      await publication.rollBack();
      active.closed = true;
      throw error instanceof MlflowConnectionError && !active.offlineFallback
        ? withHint(error)
        : error;
    }
  }

  /** Marks the run FAILED unless it is closed; never throws, the stage is already failing. */
  async fail(active: ActiveRun): Promise<void> {
    if (active.closed) return;
    active.closed = true;
    try {
      await active.tracker.finishRun(active.run, 'FAILED', Date.now());
    } catch (error) {
      this.reporter.warn(
        `could not mark run ${active.run.runId} FAILED: ${(error as Error).message}`,
      );
    }
  }

  private async startOffline(experiment: string, spec: RunSpec): Promise<ActiveRun> {
    const tracker = this.trackers.offlineTracker();
    const offlineSpec = { ...spec, tags: { ...spec.tags, [OFFLINE_TAG]: 'true' } };
    const run = await tracker.startRun(experiment, offlineSpec);
    return { tracker, run, offline: true, offlineFallback: true, spec: offlineSpec, closed: false };
  }
}

/** The server could not be reached and there is no fallback: say what to do. */
function withHint(error: MlflowConnectionError): MlflowConnectionError {
  if (!error.message.endsWith(HINT)) error.message = `${error.message}; ${HINT}`;
  return error;
}
