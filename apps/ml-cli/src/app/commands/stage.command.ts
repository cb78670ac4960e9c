import { CommandRunner, Option } from 'nest-commander';

/** Options shared by the pipeline stages: --json and --config. */
export abstract class StageCommand extends CommandRunner {
  @Option({ flags: '--json', description: 'print a machine-readable summary on stdout' })
  parseJson(): boolean {
    return true;
  }

  @Option({
    flags: '-c, --config <path>',
    description: 'pipeline config file (default: $ML_CONFIG or ml.config.yaml)',
  })
  parseConfig(value: string): string {
    return value;
  }
}
