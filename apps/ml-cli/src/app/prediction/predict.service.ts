import { Injectable } from '@nestjs/common';
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
    predictions.forEach((prediction, row) =>
      out.write(`${JSON.stringify({ row, ...prediction })}\n`),
    );
    this.reporter.info(`predicted ${predictions.length} rows of ${options.input} with ${source}`);
    return { rows: predictions.length, model: source };
  }
}
