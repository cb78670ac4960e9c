import { ConfigError } from '@gatehouse/env-config';
import { CommandFactory } from 'nest-commander';
import 'reflect-metadata';
import { AppModule } from './app/app.module';
import { CliLogger } from './app/stage/cli-logger';
import { ProgressReporter } from './app/stage/progress-reporter';
import { loadAppConfig } from './config/load-app-config';

/** `node main.js <dataset|features|train|evaluate|predict|sync> [options]`; `--help` lists them. */
async function main(): Promise<void> {
  // `ml-cli predict … | head`: a closed pipe ends the output, not with a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const config = loadAppConfig(process.env);
  const reporter = new ProgressReporter(process.stderr, config.LOG_LEVEL);
  await CommandFactory.run(AppModule.forRoot(config, reporter), {
    cliName: 'ml-cli',
    logger: new CliLogger(reporter),
  });
}

main().catch((error: unknown) => {
  // Stage failures are reported by StageRunner; this is a bad environment or a crash at start.
  const detail =
    error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`ml-cli: ${String(detail)}\n`);
  process.exitCode = 1;
});
