/** The words ml.config.yaml understands, shared by validation, training and evaluation. */

export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export const MODEL_TYPES = [
  'logistic_regression',
  'random_forest',
  'linear_regression',
  'ridge',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/** Which task each model type can do (random_forest does both). */
export const MODEL_TASKS: Readonly<Record<ModelType, readonly Task[]>> = {
  logistic_regression: ['classification'],
  random_forest: ['classification', 'regression'],
  linear_regression: ['regression'],
  ridge: ['regression'],
};

export const CLASSIFICATION_METRICS = ['accuracy', 'f1_macro'] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2'] as const;
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetric | RegressionMetric;
export const METRIC_NAMES: readonly MetricName[] = [
  ...CLASSIFICATION_METRICS,
  ...REGRESSION_METRICS,
];

export const TASK_METRICS: Readonly<Record<Task, readonly MetricName[]>> = {
  classification: CLASSIFICATION_METRICS,
  regression: REGRESSION_METRICS,
};

/** True when a larger value of the metric is better. */
export function higherIsBetter(metric: MetricName): boolean {
  return metric === 'accuracy' || metric === 'f1_macro' || metric === 'r2';
}

export const COLUMN_TYPES = ['number', 'string', 'date'] as const;
/** `date` columns hold ISO dates and become decimal years (1970-07-02 → 1970.499). */
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const SOURCE_FORMATS = ['csv', 'json', 'sql'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];
