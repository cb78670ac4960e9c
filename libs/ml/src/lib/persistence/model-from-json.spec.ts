import { matrixFromArrays } from '../core/feature-matrix';
import { RandomForestClassifier } from '../forest/random-forest-classifier';
import { LinearRegression } from '../linear/linear-regression';
import { LogisticRegression } from '../linear/logistic-regression';
import { Ridge } from '../linear/ridge';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor';
import { modelFromJSON, type ModelJson } from './model-from-json';

describe(modelFromJSON.name, () => {
  const x = matrixFromArrays([
    [0, 1],
    [1, 0],
    [2, 2],
    [3, 1],
    [4, 0],
    [5, 2],
  ]);
  const labels = ['a', 'a', 'a', 'b', 'b', 'b'];
  const targets = [1, 2, 3, 4, 5, 6];

  it('restores each model type from its saved JSON with identical predictions', async () => {
    const models = [
      new LogisticRegression().fit(x, labels),
      await new RandomForestClassifier({ nEstimators: 3, nWorkers: 1 }).fit(x, labels),
      new DecisionTreeRegressor().fit(x, targets),
      new LinearRegression().fit(x, targets),
      new Ridge(0.1).fit(x, targets),
    ];
    for (const model of models) {
      const restored = modelFromJSON(JSON.parse(JSON.stringify(model)) as ModelJson);
      expect(restored).toBeInstanceOf(model.constructor);
      expect(restored.predict(x)).toEqual(model.predict(x));
    }
  });

  it('refuses JSON of another type when called on a specific class', () => {
    const json = new LinearRegression().fit(x, targets).toJSON();
    expect(() => Ridge.fromJSON({ ...json, type: 'Ridge' as const, alpha: 0 })).toThrow(RangeError);
    expect(() => LogisticRegression.fromJSON(json as never)).toThrow(TypeError);
  });
});
