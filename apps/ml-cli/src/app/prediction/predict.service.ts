import { Injectable } from '@nestjs/common';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PipelinePaths } from '../artifacts/pipeline-paths';
import { readTableFile } from '../common/table-files';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { ModelLocator } from '../tracking/model-locator.service';

export interface PredictOptions {
  /** Rows to predict: CSV or JSON (array or JSON Lines), raw as in the source table. */
  readonly input: string;
  /** A model path or registry URI (default models/model.json). */
  readonly model?: string;
  /** Write the JSON lines to this file (whole, or not at all) instead of stdout. */
  readonly out?: string;
}

/** Writes beside the target, then renames: a failure never leaves half a file. */
async function writeWhole(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** predict: loads a model and writes one JSON line per input row to `out` (stdout). */
@Injectable()
export class PredictService {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
    private readonly locator: ModelLocator,
  ) {}

  async run(options: PredictOptions, out: { write(text: string): unknown }): Promise<StageSummary> {
    const { bundle, source } = await this.locator.load(options.model);
    const table = await readTableFile(this.paths.resolve(options.input), {
      displayPath: options.input,
    });
    const predictions = bundle.predict(table.rows);
    const lines = predictions.map(
      (prediction, row) => `${JSON.stringify({ row, ...prediction })}\n`,
    );
    if (options.out) await writeWhole(this.paths.resolve(options.out), lines.join(''));
    else for (const line of lines) out.write(line);
    const to = options.out ? ` → ${options.out}` : '';
    this.reporter.info(
      `predicted ${predictions.length} rows of ${options.input} with ${source}${to}`,
    );
    return { rows: predictions.length, model: source };
  }
}
