import { Command, CommandRunner, Option } from 'nest-commander';
import { type StageOptions } from '../stage/stage-options';
import { StageRunner } from '../stage/stage-runner.service';
import { SyncService, type SyncOptions } from '../sync/sync.service';

@Command({
  name: 'sync',
  description:
    'sync: push runs, metrics, artifacts and model versions recorded in ./mlruns to MLFLOW_TRACKING_URI (repeatable)',
})
export class SyncRunsCommand extends CommandRunner {
  constructor(
    private readonly runner: StageRunner,
    private readonly sync: SyncService,
  ) {
    super();
  }

  async run(_args: string[], options: StageOptions & SyncOptions): Promise<void> {
    const ok = await this.runner.run('sync', options, () => this.sync.run(options));
    if (!ok) process.exitCode = 1;
  }

  @Option({ flags: '--json', description: 'print a machine-readable summary on stdout' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--from <dir>', description: 'the local file store to push (default: mlruns)' })
  parseFrom(value: string): string {
    return value;
  }
}
