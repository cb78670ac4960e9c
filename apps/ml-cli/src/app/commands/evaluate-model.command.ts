import { Command, CommandRunner, Option } from 'nest-commander';
import { EvaluateService, type EvaluateOptions } from '../evaluation/evaluate.service';
import { StageRunner } from '../stage/stage-runner.service';

interface EvaluateCommandOptions extends EvaluateOptions {
  readonly json?: boolean;
}

@Command({
  name: 'evaluate',
  description:
    'evaluate: score a saved or registered model on the held-out split (or --input) → reports/evaluation',
})
export class EvaluateModelCommand extends CommandRunner {
  constructor(
    private readonly runner: StageRunner,
    private readonly evaluation: EvaluateService,
  ) {
    super();
  }

  async run(_args: string[], options: EvaluateCommandOptions): Promise<void> {
    const ok = await this.runner.run('evaluate', options, () => this.evaluation.run(options));
    if (!ok) process.exitCode = 1;
  }

  @Option({ flags: '--json', description: 'print a machine-readable summary on stdout' })
  parseJson(): boolean {
    return true;
  }

  @Option({
    flags: '-m, --model <ref>',
    description: 'model.json path or models:/<name>@<alias> | models:/<name>/<version>',
  })
  parseModel(value: string): string {
    return value;
  }

  @Option({
    flags: '-i, --input <file>',
    description: 'labelled CSV/JSON rows (default: test split)',
  })
  parseInput(value: string): string {
    return value;
  }

  @Option({
    flags: '-o, --out <dir>',
    description: 'report directory (default: reports/evaluation)',
  })
  parseOut(value: string): string {
    return value;
  }
}
