import { ConfigError } from '@gatehouse/env-config';
import { Injectable } from '@nestjs/common';
import { StageError } from '../common/stage.error';
import { MlflowApiError } from '../mlflow/mlflow-api.error';
import { MlflowConnectionError } from '../mlflow/mlflow-connection.error';
import { MlflowExperimentDeletedError } from '../mlflow/mlflow-experiment-deleted.error';
import { ProgressReporter } from './progress-reporter';
import { type StageOptions, type StageSummary } from './stage-options';

/** Errors whose message is the whole story: shown without a stack trace. */
const EXPECTED = [
  ConfigError,
  StageError,
  MlflowApiError,
  MlflowConnectionError,
  MlflowExperimentDeletedError,
  RangeError,
];

/**
 * Runs one stage: reports it, prints its summary (JSON with --json), and turns any failure into
 * one clear message. Returns false on failure so the command can set the exit code.
 */
@Injectable()
export class StageRunner {
  constructor(private readonly reporter: ProgressReporter) {}

  async run(
    stage: string,
    options: StageOptions,
    body: () => Promise<StageSummary>,
    out: { write(text: string): unknown } = process.stdout,
  ): Promise<boolean> {
    const started = performance.now();
    this.reporter.begin(stage);
    try {
      const summary = await body();
      const durationMs = Math.round(performance.now() - started);
      this.reporter.info(`done in ${(durationMs / 1000).toFixed(2)} s`);
      if (options.json)
        out.write(`${JSON.stringify({ stage, ok: true, durationMs, ...summary })}\n`);
      return true;
    } catch (error) {
      const message = describeError(error);
      this.reporter.error(`failed: ${message}`);
      if (
        !EXPECTED.some((type) => error instanceof type) &&
        error instanceof Error &&
        error.stack
      ) {
        this.reporter.debug(error.stack);
      }
      if (options.json) out.write(`${JSON.stringify({ stage, ok: false, error: message })}\n`);
      return false;
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
