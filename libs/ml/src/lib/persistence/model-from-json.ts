import {
  RandomForestClassifier,
  type RandomForestClassifierJson,
} from '../forest/random-forest-classifier';
import {
  RandomForestRegressor,
  type RandomForestRegressorJson,
} from '../forest/random-forest-regressor';
import { type LinearModelJson, LinearRegression } from '../linear/linear-regression';
import { LogisticRegression, type LogisticRegressionJson } from '../linear/logistic-regression';
import { Ridge } from '../linear/ridge';
import {
  DecisionTreeClassifier,
  type DecisionTreeClassifierJson,
} from '../tree/decision-tree-classifier';
import {
  DecisionTreeRegressor,
  type DecisionTreeRegressorJson,
} from '../tree/decision-tree-regressor';

export type ModelJson =
  | DecisionTreeClassifierJson
  | DecisionTreeRegressorJson
  | RandomForestClassifierJson
  | RandomForestRegressorJson
  | LogisticRegressionJson
  | LinearModelJson<'LinearRegression'>
  | LinearModelJson<'Ridge'>;

export type Model =
  | DecisionTreeClassifier
  | DecisionTreeRegressor
  | RandomForestClassifier
  | RandomForestRegressor
  | LogisticRegression
  | LinearRegression
  | Ridge;

/** Restores any model from its `toJSON()` output, dispatching on `type`. */
export function modelFromJSON(json: ModelJson): Model {
  switch (json.type) {
    case 'DecisionTreeClassifier':
      return DecisionTreeClassifier.fromJSON(json);
    case 'DecisionTreeRegressor':
      return DecisionTreeRegressor.fromJSON(json);
    case 'RandomForestClassifier':
      return RandomForestClassifier.fromJSON(json);
    case 'RandomForestRegressor':
      return RandomForestRegressor.fromJSON(json);
    case 'LogisticRegression':
      return LogisticRegression.fromJSON(json);
    case 'LinearRegression':
      return LinearRegression.fromJSON(json);
    case 'Ridge':
      return Ridge.fromJSON(json);
  }
}
