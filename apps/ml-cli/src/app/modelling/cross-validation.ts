import {
  type Fold,
  KFold,
  type Label,
  Preprocessor,
  StratifiedKFold,
  summarizeScores,
  takeValues,
} from '@gatehouse/ml';
import { type CleanRow } from '../artifacts/processed-dataset';
import { type MetricName, TASK_METRICS, type Task } from '../common/pipeline-vocabulary';
import { type ModelConfig } from '../pipeline-config/model.config';
import { createEstimator, fitEstimator } from './estimators';
import { evaluatePredictions } from './evaluation';

export interface MetricSummary {
  readonly mean: number;
  readonly std: number;
  readonly scores: readonly number[];
}

export interface CrossValidation {
  readonly folds: number;
  readonly stratified: boolean;
  readonly metrics: Readonly<Partial<Record<MetricName, MetricSummary>>>;
}

export interface CrossValidationInput {
  readonly task: Task;
  readonly model: ModelConfig;
  readonly rows: readonly CleanRow[];
  readonly y: readonly Label[];
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  readonly folds: number;
  readonly seed: number;
  readonly stratify: boolean;
  readonly onFold?: (
    fold: number,
    folds: number,
    scores: Partial<Record<MetricName, number>>,
  ) => void;
}

/**
 * Shuffled k-fold CV on the training split (stratified for classification). Preprocessing is
 * refitted on each fold's training part, so no fold's held-out rows leak into its statistics.
 */
export async function crossValidateModel(input: CrossValidationInput): Promise<CrossValidation> {
  const { task, rows, y, folds, seed } = input;
  const stratified = task === 'classification' && input.stratify;
  const splits: Fold[] = stratified
    ? new StratifiedKFold({ nSplits: folds, shuffle: true, seed }).split(y)
    : new KFold({ nSplits: folds, shuffle: true, seed }).split(rows.length);
  const scores = new Map<MetricName, number[]>(TASK_METRICS[task].map((m) => [m, []]));
  for (const [k, fold] of splits.entries()) {
    const preprocessor = new Preprocessor({
      numeric: input.numeric,
      categorical: input.categorical,
    });
    const xTrain = preprocessor.fitTransform(takeValues(rows, fold.train));
    const estimator = createEstimator(task, input.model);
    await fitEstimator(estimator, xTrain, takeValues(y, fold.train));
    const predicted = estimator.predict(preprocessor.transform(takeValues(rows, fold.test)));
    const evaluation = evaluatePredictions(task, takeValues(y, fold.test), predicted);
    const foldScores = evaluation.metrics as Partial<Record<MetricName, number>>;
    for (const [metric, list] of scores) list.push(foldScores[metric] ?? Number.NaN);
    input.onFold?.(k + 1, splits.length, foldScores);
  }
  const metrics = Object.fromEntries(
    [...scores].map(([metric, list]) => [metric, { ...summarizeScores(list), scores: list }]),
  );
  return { folds: splits.length, stratified, metrics };
}
