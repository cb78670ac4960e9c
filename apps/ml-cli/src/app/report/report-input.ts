import { type MetricName, type ModelType, type Task } from '../common/pipeline-vocabulary';
import { type CrossValidation } from '../modelling/cross-validation';
import { type Evaluation } from '../modelling/evaluation';
import { type FeatureImportance } from '../modelling/feature-importance';

// What a report shows, read by both the file writer and the markdown renderer.

export interface ReportContext {
  readonly title: string;
  readonly task: Task;
  readonly target: string;
  readonly model: { readonly type: ModelType; readonly params: Record<string, unknown> };
  readonly primaryMetric: MetricName;
  readonly rows: { readonly train?: number; readonly test: number };
  /** What was evaluated and on what, when not the pipeline's own model and test split. */
  readonly sources?: { readonly model: string; readonly data: string };
  readonly provenance?: Readonly<Record<string, string | undefined>>;
}

export interface ReportInput {
  readonly evaluation: Evaluation;
  readonly context: ReportContext;
  readonly cv?: CrossValidation;
  readonly importance?: FeatureImportance;
}
