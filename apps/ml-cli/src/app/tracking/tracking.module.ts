import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MLFLOW_CLIENT_OPTIONS, type MlflowClientOptions } from '../mlflow/mlflow-client.options';
import { MlflowClient } from '../mlflow/mlflow.client';
import { ModelLocator } from './model-locator.service';
import { RunRecorder } from './run-recorder.service';
import { TrackerFactory } from './tracker-factory.service';

@Module({
  providers: [
    {
      provide: MLFLOW_CLIENT_OPTIONS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): MlflowClientOptions => ({
        trackingUri: config.usesTrackingServer
          ? (config.MLFLOW_TRACKING_URI ?? '')
          : 'http://localhost:5001',
        timeoutMs: config.MLFLOW_TIMEOUT_MS,
        maxRetries: config.MLFLOW_MAX_RETRIES,
        token: config.MLFLOW_TRACKING_TOKEN,
        username: config.MLFLOW_TRACKING_USERNAME,
        password: config.MLFLOW_TRACKING_PASSWORD,
      }),
    },
    MlflowClient,
    TrackerFactory,
    RunRecorder,
    ModelLocator,
  ],
  exports: [RunRecorder, ModelLocator, TrackerFactory, MlflowClient],
})
export class TrackingModule {}
