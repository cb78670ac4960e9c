import {
  type FeatureMatrix,
  type Label,
  LinearRegression,
  LogisticRegression,
  RandomForestClassifier,
  RandomForestRegressor,
  Ridge,
} from '@gatehouse/ml';
import { type Task } from '../common/pipeline-vocabulary';
import { StageError } from '../common/stage.error';
import { type ModelConfig } from '../pipeline-config/model.config';

export type Estimator =
  | LogisticRegression
  | RandomForestClassifier
  | LinearRegression
  | Ridge
  | RandomForestRegressor;

/** A new, unfitted model for the task from `model.type` and `model.params`. */
export function createEstimator(task: Task, model: ModelConfig): Estimator {
  try {
    switch (model.type) {
      case 'logistic_regression':
        return new LogisticRegression(model.params);
      case 'random_forest':
        return task === 'classification'
          ? new RandomForestClassifier(model.params)
          : new RandomForestRegressor(model.params);
      case 'linear_regression':
        return new LinearRegression();
      case 'ridge':
        return new Ridge((model.params['alpha'] as number | undefined) ?? 1);
    }
  } catch (error) {
    if (error instanceof RangeError) throw new StageError(`model.params: ${error.message}`);
    throw error;
  }
}

/** Fits in place; `onTree` reports forest progress. */
export async function fitEstimator(
  estimator: Estimator,
  x: FeatureMatrix,
  y: readonly Label[],
  onTree?: (done: number, total: number) => void,
): Promise<void> {
  if (estimator instanceof RandomForestClassifier) await estimator.fit(x, y, { onTree });
  else if (estimator instanceof RandomForestRegressor)
    await estimator.fit(x, y.map(Number), { onTree });
  else if (estimator instanceof LogisticRegression) estimator.fit(x, y);
  else estimator.fit(x, y.map(Number));
}

/** Every hyper-parameter the model uses, defaults included, for the MLflow run. */
export function effectiveParams(estimator: Estimator): Record<string, unknown> {
  if (estimator instanceof RandomForestClassifier || estimator instanceof RandomForestRegressor) {
    return { ...estimator.options };
  }
  if (estimator instanceof LogisticRegression) return { ...estimator.options };
  if (estimator instanceof Ridge) return { alpha: estimator.alpha };
  return {};
}
