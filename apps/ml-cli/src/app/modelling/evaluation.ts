import { classificationReport, confusionMatrix, type Label, mae, r2, rmse } from '@gatehouse/ml';
import { type MetricName, type Task } from '../common/pipeline-vocabulary';

export interface ClassScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationEvaluation {
  readonly task: 'classification';
  readonly n: number;
  readonly metrics: { readonly accuracy: number; readonly f1_macro: number };
  readonly perClass: readonly ClassScore[];
  /** `matrix[i][j]`: rows of class `labels[i]` predicted as `labels[j]`. */
  readonly confusion: {
    readonly labels: readonly string[];
    readonly matrix: readonly (readonly number[])[];
  };
}

export interface RegressionEvaluation {
  readonly task: 'regression';
  readonly n: number;
  readonly metrics: { readonly rmse: number; readonly mae: number; readonly r2: number };
  readonly actual: readonly number[];
  readonly predicted: readonly number[];
}

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

/** Test-set scores: accuracy, macro F1, per-class precision/recall and the confusion matrix; or RMSE, MAE, R². */
export function evaluatePredictions(
  task: Task,
  yTrue: readonly Label[],
  yPred: readonly Label[] | Float64Array,
  classes: readonly Label[] = [],
): Evaluation {
  if (task === 'regression') {
    const actual = yTrue.map(Number);
    const predicted = Array.from(yPred as ArrayLike<number>, Number);
    return {
      task,
      n: actual.length,
      metrics: {
        rmse: rmse(actual, predicted),
        mae: mae(actual, predicted),
        r2: r2(actual, predicted),
      },
      actual,
      predicted,
    };
  }
  const predicted = Array.from(yPred as ArrayLike<Label>);
  // Every class the model knows plus any new one in the data, in the library's label order.
  const known = classes.length > 0 ? [...classes] : undefined;
  const labels = known && [...known, ...new Set(yTrue.filter((l) => !known.includes(l)))];
  const report = classificationReport(yTrue, predicted, labels);
  const confusion = confusionMatrix(yTrue, predicted, labels);
  return {
    task,
    n: yTrue.length,
    metrics: { accuracy: report.accuracy, f1_macro: report.macro.f1 },
    perClass: report.perClass.map(({ label, precision, recall, f1, support }) => ({
      label: String(label),
      precision,
      recall,
      f1,
      support,
    })),
    confusion: { labels: confusion.labels.map(String), matrix: confusion.matrix },
  };
}

export function metricOf(evaluation: Evaluation, metric: MetricName): number {
  const value = (evaluation.metrics as Readonly<Record<string, number>>)[metric];
  if (value === undefined) throw new Error(`${metric} is not a ${evaluation.task} metric`);
  return value;
}
