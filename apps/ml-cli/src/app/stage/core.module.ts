import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PipelinePaths } from '../artifacts/pipeline-paths';
import { PipelineConfigService } from '../pipeline-config/pipeline-config.service';
import { ProgressReporter } from './progress-reporter';
import { StageRunner } from './stage-runner.service';

/** What every stage uses: the reporter, the workspace paths, the pipeline config and the runner. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(reporter: ProgressReporter, root: string): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ProgressReporter, useValue: reporter },
        { provide: PipelinePaths, useValue: new PipelinePaths(root) },
        PipelineConfigService,
        StageRunner,
      ],
      exports: [ProgressReporter, PipelinePaths, PipelineConfigService, StageRunner],
    };
  }
}
