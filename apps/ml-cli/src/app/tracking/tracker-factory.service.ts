import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { PipelinePaths } from '../artifacts/pipeline-paths';
import { MlflowClient } from '../mlflow/mlflow.client';
import { FileStoreTracker } from './file-store-tracker';
import { type MlflowTracker } from './mlflow-tracker';
import { RestTracker } from './rest-tracker';

/** Picks where runs go from MLFLOW_TRACKING_URI: a server (http…) or a file store (default ./mlruns). */
@Injectable()
export class TrackerFactory {
  constructor(
    private readonly config: AppConfig,
    private readonly paths: PipelinePaths,
    private readonly client: MlflowClient,
  ) {}

  get usesServer(): boolean {
    return this.config.usesTrackingServer;
  }

  tracker(): MlflowTracker {
    return this.usesServer
      ? new RestTracker(this.client)
      : new FileStoreTracker(this.paths.resolve(this.config.fileStoreDir));
  }

  /** The local file store used by --offline-fallback. */
  offlineTracker(): MlflowTracker {
    return new FileStoreTracker(this.paths.resolve('mlruns'));
  }
}
