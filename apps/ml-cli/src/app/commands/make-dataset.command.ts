import { Command } from 'nest-commander';
import { DatasetService } from '../dataset/dataset.service';
import { PipelineConfigService } from '../pipeline-config/pipeline-config.service';
import { type StageOptions } from '../stage/stage-options';
import { StageRunner } from '../stage/stage-runner.service';
import { StageCommand } from './stage.command';

@Command({
  name: 'dataset',
  description: 'make_dataset: load the raw table, clean it and profile it → data/processed',
})
export class MakeDatasetCommand extends StageCommand {
  constructor(
    private readonly runner: StageRunner,
    private readonly configs: PipelineConfigService,
    private readonly dataset: DatasetService,
  ) {
    super();
  }

  async run(_args: string[], options: StageOptions): Promise<void> {
    const ok = await this.runner.run('dataset', options, () =>
      this.dataset.run(this.configs.load(options.config)),
    );
    if (!ok) process.exitCode = 1;
  }
}
