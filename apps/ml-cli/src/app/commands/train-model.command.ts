import { Command, Option } from 'nest-commander';
import { PipelineConfigService } from '../pipeline-config/pipeline-config.service';
import { type StageOptions } from '../stage/stage-options';
import { StageRunner } from '../stage/stage-runner.service';
import { TrainService } from '../training/train.service';
import { StageCommand } from './stage.command';

interface TrainOptions extends StageOptions {
  readonly offlineFallback?: boolean;
}

@Command({
  name: 'train',
  description:
    'train: cross-validate, fit, evaluate and save the model → models/, reports/, one MLflow run',
})
export class TrainModelCommand extends StageCommand {
  constructor(
    private readonly runner: StageRunner,
    private readonly configs: PipelineConfigService,
    private readonly training: TrainService,
  ) {
    super();
  }

  async run(_args: string[], options: TrainOptions): Promise<void> {
    const ok = await this.runner.run('train', options, () =>
      this.training.run(this.configs.load(options.config), {
        offlineFallback: options.offlineFallback,
      }),
    );
    if (!ok) process.exitCode = 1;
  }

  @Option({
    flags: '--offline-fallback',
    description: 'if the MLflow server is unreachable, record the run in ./mlruns and say so',
  })
  parseOfflineFallback(): boolean {
    return true;
  }
}
