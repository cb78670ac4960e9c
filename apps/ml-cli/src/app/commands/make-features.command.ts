import { Command } from 'nest-commander';
import { FeaturesService } from '../features/features.service';
import { PipelineConfigService } from '../pipeline-config/pipeline-config.service';
import { type StageOptions } from '../stage/stage-options';
import { StageRunner } from '../stage/stage-runner.service';
import { StageCommand } from './stage.command';

@Command({
  name: 'features',
  description:
    'make_features: split, impute, encode and scale (fitted on train only) → data/features',
})
export class MakeFeaturesCommand extends StageCommand {
  constructor(
    private readonly runner: StageRunner,
    private readonly configs: PipelineConfigService,
    private readonly features: FeaturesService,
  ) {
    super();
  }

  async run(_args: string[], options: StageOptions): Promise<void> {
    const ok = await this.runner.run('features', options, () =>
      this.features.run(this.configs.load(options.config)),
    );
    if (!ok) process.exitCode = 1;
  }
}
