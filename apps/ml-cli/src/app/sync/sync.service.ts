import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PipelinePaths } from '../artifacts/pipeline-paths';
import { StageError } from '../common/stage.error';
import { MlflowConnectionError } from '../mlflow/mlflow-connection.error';
import { MlflowClient } from '../mlflow/mlflow.client';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { RestTracker } from '../tracking/rest-tracker';
import { LocalStoreReader } from './local-store-reader';
import { RunSync } from './run-sync';

export interface SyncOptions {
  /** The local file store to push (default ./mlruns, where --offline-fallback writes). */
  readonly from?: string;
}

/**
 * sync: pushes the runs of a local MLflow file store (runs, params, metrics with their original
 * timestamps and steps, tags, artifacts, registered versions and their aliases) to the tracking
 * server in MLFLOW_TRACKING_URI, keeping the runs' start and end times. Repeatable: a second
 * sync changes nothing, an interrupted one carries on where it stopped (see RunSync).
 */
@Injectable()
export class SyncService {
  constructor(
    private readonly config: AppConfig,
    private readonly paths: PipelinePaths,
    private readonly client: MlflowClient,
    private readonly reporter: ProgressReporter,
  ) {}

  async run(options: SyncOptions = {}): Promise<StageSummary> {
    if (!this.config.usesTrackingServer) {
      throw new StageError(
        'sync pushes ./mlruns to a tracking server: set MLFLOW_TRACKING_URI=http(s)://… (it is unset or a file store)',
      );
    }
    const from = options.from ?? 'mlruns';
    const local = new LocalStoreReader(this.paths.resolve(from));
    const warn = (message: string) => this.reporter.warn(message);
    const sync = new RunSync(this.client, new RestTracker(this.client), local, warn);
    const runs = await local.runs();
    const counts = { pushed: 0, already: 0, skipped: 0, failed: 0, versions: 0 };
    const failures: string[] = [];
    for (const [i, run] of runs.entries()) {
      try {
        const { outcome, serverRunId, versions } = await sync.push(run);
        counts[outcome]++;
        counts.versions += versions;
        if (outcome === 'pushed') {
          this.reporter.info(
            `pushed ${run.experimentName}/${run.runName} (${run.runId}) → ${serverRunId}`,
          );
        }
      } catch (error) {
        // Without the server nothing else can be pushed either.
        if (error instanceof MlflowConnectionError) throw error;
        counts.failed++;
        failures.push(
          `${run.experimentName}/${run.runName} (${run.runId}): ${(error as Error).message}`,
        );
      }
      this.reporter.progress('runs', i + 1, runs.length);
    }
    this.reporter.info(
      `${runs.length} local runs: ${counts.pushed} pushed (${counts.versions} new versions), ` +
        `${counts.already} already on ${this.client.trackingUri}, ${counts.skipped} skipped`,
    );
    if (failures.length > 0) {
      throw new StageError(
        `${failures.length} runs could not be pushed:\n  - ${failures.join('\n  - ')}`,
      );
    }
    return { from, runs: runs.length, ...counts };
  }
}
