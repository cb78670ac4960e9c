import { LogisticRegression, RandomForestClassifier, RandomForestRegressor } from '@gatehouse/ml';
import { elementAt } from '../common/element-at';
import { type Estimator } from './estimators';

export interface FeatureImportance {
  /** `impurity`: forest importances (sum to 1); `coefficient`: mean |coefficient| on scaled features. */
  readonly kind: 'impurity' | 'coefficient';
  readonly names: readonly string[];
  readonly values: readonly number[];
}

export function featureImportance(
  estimator: Estimator,
  names: readonly string[],
): FeatureImportance {
  if (estimator instanceof RandomForestClassifier || estimator instanceof RandomForestRegressor) {
    return { kind: 'impurity', names, values: Array.from(estimator.featureImportances) };
  }
  if (estimator instanceof LogisticRegression) {
    const coef = estimator.coef;
    const values = names.map(
      (_, j) =>
        coef.reduce((sum, row) => sum + Math.abs(elementAt(row, j, 'Coefficients')), 0) /
        coef.length,
    );
    return { kind: 'coefficient', names, values };
  }
  // LinearRegression or Ridge.
  return { kind: 'coefficient', names, values: Array.from(estimator.coef, Math.abs) };
}
