import { Command, CommandRunner, Option } from 'nest-commander';
import { PredictService, type PredictOptions } from '../prediction/predict.service';
import { StageRunner } from '../stage/stage-runner.service';

@Command({
  name: 'predict',
  description: 'predict: one JSON line per input row, from a model path or registry name/alias',
})
export class PredictRowsCommand extends CommandRunner {
  constructor(
    private readonly runner: StageRunner,
    private readonly prediction: PredictService,
  ) {
    super();
  }

  async run(_args: string[], options: PredictOptions): Promise<void> {
    const ok = await this.runner.run('predict', {}, () =>
      this.prediction.run(options, process.stdout),
    );
    if (!ok) process.exitCode = 1;
  }

  @Option({
    flags: '-i, --input <file>',
    description: 'rows to predict (CSV, JSON array or JSON Lines)',
    required: true,
  })
  parseInput(value: string): string {
    return value;
  }

  @Option({
    flags: '-o, --out <file>',
    description:
      'write the JSON lines to this file instead of stdout (e.g. under nx run, which frames stdout)',
  })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '-m, --model <ref>',
    description:
      'model.json path or models:/<name>@<alias> | models:/<name>/<version> (default: models/model.json)',
  })
  parseModel(value: string): string {
    return value;
  }
}
