import { type Label, Pipeline, type PipelineJson } from '@gatehouse/ml';
import { elementAt } from '../common/element-at';
import { type MetricName, type ModelType, type Task } from '../common/pipeline-vocabulary';
import { StageError } from '../common/stage.error';
import { coerceCell, normaliseCell } from './cell-coercion';
import { type CleanRow } from './processed-dataset';
import { type ColumnSchema, type TableSchema } from './table-schema';

export const MODEL_FORMAT = 'gatehouse-ml/model@1';

export interface ModelProvenance {
  readonly trainedAt: string;
  readonly gitCommit?: string;
  readonly dataSha256: string;
  readonly configSha256: string;
}

/** models/model.json: everything `predict` needs to go from raw rows to predictions. */
export interface ModelBundleJson {
  readonly format: typeof MODEL_FORMAT;
  readonly task: Task;
  readonly target: string;
  readonly targetColumn: ColumnSchema;
  /** How raw input cells are read (types and missing markers), as make_dataset read them. */
  readonly input: TableSchema;
  readonly model: { readonly type: ModelType; readonly params: Record<string, unknown> };
  /** The fitted preprocessing and model. */
  readonly pipeline: PipelineJson;
  readonly primaryMetric: MetricName;
  /** Test-set scores when the model was trained. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly provenance: ModelProvenance;
}

export interface Prediction {
  readonly prediction: Label;
  /** Per class (classifiers only). */
  readonly probabilities?: Record<string, number>;
}

/** A trained pipeline plus the schema and metadata to use it on raw rows; saved as one JSON file. */
export class ModelBundle {
  private constructor(
    readonly spec: Omit<ModelBundleJson, 'format' | 'pipeline'>,
    readonly pipeline: Pipeline,
  ) {}

  static create(
    spec: Omit<ModelBundleJson, 'format' | 'pipeline'>,
    pipeline: Pipeline,
  ): ModelBundle {
    return new ModelBundle(spec, pipeline);
  }

  static fromJSON(json: unknown, source: string): ModelBundle {
    const candidate = json as Partial<ModelBundleJson> | null;
    if (candidate?.format !== MODEL_FORMAT || !candidate.pipeline) {
      throw new StageError(`${source} is not an ml-cli model (expected format ${MODEL_FORMAT})`);
    }
    const { format: _format, pipeline, ...spec } = candidate as ModelBundleJson;
    try {
      return new ModelBundle(spec, Pipeline.fromJSON(pipeline));
    } catch (error) {
      throw new StageError(`${source}: cannot restore the model (${(error as Error).message})`);
    }
  }

  toJSON(): ModelBundleJson {
    return { format: MODEL_FORMAT, ...this.spec, pipeline: this.pipeline.toJSON() };
  }

  /** Raw cells → typed cells, exactly as make_dataset cleans them; unknown columns are ignored. */
  cleanRows(rows: readonly Record<string, unknown>[]): CleanRow[] {
    const { columns, missingValues } = this.spec.input;
    return rows.map((row) =>
      Object.fromEntries(
        columns.map(({ name, type }) => [
          name,
          coerceCell(normaliseCell(row[name], missingValues), type) ?? null,
        ]),
      ),
    );
  }

  /** The target of labelled raw rows, typed like the training labels; null when missing. */
  labelsOf(rows: readonly Record<string, unknown>[]): (Label | null)[] {
    const { name, type } = this.spec.targetColumn;
    return rows.map(
      (row) => coerceCell(normaliseCell(row[name], this.spec.input.missingValues), type) ?? null,
    );
  }

  predict(rows: readonly Record<string, unknown>[]): Prediction[] {
    if (rows.length === 0) return [];
    const clean = this.cleanRows(rows);
    const predictions = Array.from(this.pipeline.predict(clean) as ArrayLike<Label>);
    const proba = this.pipeline.predictProba(clean);
    const classes = this.pipeline.classes.map(String);
    return predictions.map((prediction, i) =>
      proba
        ? {
            prediction,
            probabilities: Object.fromEntries(
              classes.map((c, k) => [
                c,
                elementAt(proba.data, i * proba.nCols + k, 'Class probabilities'),
              ]),
            ),
          }
        : { prediction },
    );
  }
}
