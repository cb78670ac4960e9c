import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/app-config.module';
import { COMMANDS } from './commands';
import { DatasetModule } from './dataset/dataset.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { FeaturesModule } from './features/features.module';
import { PredictionModule } from './prediction/prediction.module';
import { CoreModule } from './stage/core.module';
import { type ProgressReporter } from './stage/progress-reporter';
import { SyncModule } from './sync/sync.module';
import { TrainingModule } from './training/training.module';

@Module({})
export class AppModule {
  /** The whole CLI for a validated config, writing progress to `reporter`, rooted at `root`. */
  static forRoot(
    config: AppConfig,
    reporter: ProgressReporter,
    root = process.cwd(),
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        CoreModule.forRoot(reporter, root),
        DatasetModule,
        FeaturesModule,
        TrainingModule,
        EvaluationModule,
        PredictionModule,
        SyncModule,
      ],
      providers: [...COMMANDS],
    };
  }
}
