import { type Label } from '@gatehouse/ml';
import { Injectable } from '@nestjs/common';
import { type FeatureSplit } from '../artifacts/feature-set';
import { OutputStaging } from '../artifacts/output-staging';
import { FILES, OUTPUTS, PipelinePaths } from '../artifacts/pipeline-paths';
import { StageError } from '../common/stage.error';
import { readTableFile } from '../common/table-files';
import { type Estimator } from '../modelling/estimators';
import { evaluatePredictions } from '../modelling/evaluation';
import { featureImportance } from '../modelling/feature-importance';
import { renderReportFiles } from '../report/report-files';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { ModelLocator } from '../tracking/model-locator.service';

export interface EvaluateOptions {
  /** A model path or registry URI (default models/model.json). */
  readonly model?: string;
  /** A labelled CSV/JSON table (default: the held-out split in data/features/test.json). */
  readonly input?: string;
  /** Report directory (default reports/evaluation). */
  readonly out?: string;
}

/**
 * evaluate: loads a saved or registered model and scores it from raw rows on the held-out split
 * (or any labelled table), writing metrics.json, report.md and plots to reports/evaluation.
 */
@Injectable()
export class EvaluateService {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
    private readonly locator: ModelLocator,
  ) {}

  async run(options: EvaluateOptions): Promise<StageSummary> {
    const { bundle, source } = await this.locator.load(options.model);
    const { rows, labels, data } = await this.labelledRows(
      options.input,
      bundle.spec.target,
      (raw) => bundle.labelsOf(raw),
    );
    const evaluation = evaluatePredictions(
      bundle.spec.task,
      labels,
      bundle.pipeline.predict(bundle.cleanRows(rows)),
      bundle.pipeline.classes,
    );
    const { spec } = bundle;
    const reports = renderReportFiles({
      evaluation,
      importance: featureImportance(
        bundle.pipeline.model as Estimator,
        bundle.pipeline.featureNames,
      ),
      context: {
        title: `Evaluation of ${source}`,
        task: spec.task,
        target: spec.target,
        model: spec.model,
        primaryMetric: spec.primaryMetric,
        rows: { test: evaluation.n },
        sources: { model: source, data },
        provenance: { ...spec.provenance },
      },
    });
    const out = options.out ?? OUTPUTS.evaluation;
    await OutputStaging.run(this.paths, 'evaluate', [out], async (staging) => {
      for (const [path, content] of reports) await staging.writeFile(`${out}/${path}`, content);
    });
    const metric = spec.primaryMetric;
    const score = (evaluation.metrics as Record<string, number>)[metric];
    if (score === undefined)
      throw new StageError(`${source}: the evaluation has no ${metric} score`);
    const atTraining = spec.metrics[metric];
    this.reporter.info(
      `${source} on ${data}: ${metric} ${score.toFixed(4)} over ${evaluation.n} rows${atTraining === undefined ? '' : ` (${atTraining.toFixed(4)} when trained)`} → ${out}`,
    );
    return { model: source, data, n: evaluation.n, metrics: evaluation.metrics, outputs: [out] };
  }

  private async labelledRows(
    input: string | undefined,
    target: string,
    labelsOf: (rows: Record<string, unknown>[]) => (Label | null)[],
  ): Promise<{ rows: Record<string, unknown>[]; labels: Label[]; data: string }> {
    if (!input) {
      const test = await this.paths.readArtifact<FeatureSplit>(FILES.testSplit, 'features');
      return {
        rows: test.rows as Record<string, unknown>[],
        labels: [...test.y],
        data: FILES.testSplit,
      };
    }
    const table = await readTableFile(this.paths.resolve(input), { displayPath: input });
    if (!table.columns.includes(target)) {
      throw new StageError(
        `${input} has no "${target}" column to score against (columns: ${table.columns.join(', ')})`,
      );
    }
    const labels = labelsOf(table.rows);
    const kept = table.rows.flatMap((row, i) => {
      const label = labels[i] ?? null;
      return label === null ? [] : [{ row, label }];
    });
    if (kept.length === 0) throw new StageError(`${input}: no row has a "${target}" value`);
    if (kept.length < table.rows.length) {
      this.reporter.warn(
        `${input}: ${table.rows.length - kept.length} rows without "${target}" skipped`,
      );
    }
    return { rows: kept.map((k) => k.row), labels: kept.map((k) => k.label), data: input };
  }
}
