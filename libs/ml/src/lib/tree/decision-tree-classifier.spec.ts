import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { blobs } from '../../test/synthetic';
import { matrixFromArrays } from '../core/feature-matrix';
import { accuracy } from '../metrics/classification-metrics';
import { DecisionTreeClassifier } from './decision-tree-classifier';

describe(DecisionTreeClassifier.name, () => {
  const xor = matrixFromArrays([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const xorLabels = ['no', 'yes', 'yes', 'no'];

  it('fits XOR exactly with thresholds at midpoints, as CART does', () => {
    const sut = new DecisionTreeClassifier().fit(xor, xorLabels);
    expect(sut.predict(xor)).toEqual(xorLabels);
    expect(sut.classes).toEqual(['no', 'yes']);
    expect(
      sut.toJSON().tree.threshold.filter((t, k) => at(sut.toJSON().tree.feature, k) >= 0),
    ).toEqual([0.5, 0.5, 0.5]);
  });

  it('stops at maxDepth and respects minSamplesLeaf', () => {
    const { x, y } = blobs(200, 3, 1);
    expect(new DecisionTreeClassifier({ maxDepth: 2 }).fit(x, y).depth).toBeLessThanOrEqual(2);
    const json = new DecisionTreeClassifier({ minSamplesLeaf: 20 }).fit(x, y).toJSON();
    const leafCount = json.tree.feature.filter((f) => f < 0).length;
    expect(leafCount).toBeLessThanOrEqual(200 / 20);
  });

  it('gives probabilities that sum to one and generalises on separable data', () => {
    const train = blobs(400, 4, 2);
    const test = blobs(200, 4, 3);
    const sut = new DecisionTreeClassifier({ maxDepth: 4, seed: 1 }).fit(train.x, train.y);
    const proba = sut.predictProba(test.x);
    for (let i = 0; i < proba.nRows; i++)
      expect(at(proba.data, 2 * i) + at(proba.data, 2 * i + 1)).toBeCloseTo(1, 12);
    expect(accuracy(test.y, sut.predict(test.x))).toBeGreaterThan(0.85);
  });

  it('credits importance to the informative features only', () => {
    const { x, y } = blobs(400, 4, 4, 1);
    const importances = new DecisionTreeClassifier({ maxDepth: 1 }).fit(x, y).featureImportances;
    expect(Array.from(importances)).toEqual([1, 0, 0, 0]);
  });

  it('samples features per split reproducibly from the seed', () => {
    const { x, y } = blobs(300, 6, 5);
    const fit = (seed: number) =>
      new DecisionTreeClassifier({ maxFeatures: 'sqrt', seed }).fit(x, y).toJSON();
    expect(fit(7)).toEqual(fit(7));
    expect(fit(7).tree).not.toEqual(fit(8).tree);
  });

  it('honours sample weights: zero-weight rows are ignored', () => {
    const sut = new DecisionTreeClassifier().fit(xor, xorLabels, [1, 1, 0, 0]);
    expect(sut.predict(xor).slice(0, 2)).toEqual(['no', 'yes']);
    expect(sut.depth).toBe(1);
  });

  it('predicts identically after a JSON round trip', () => {
    const { x, y } = blobs(300, 5, 6);
    const sut = new DecisionTreeClassifier({ maxFeatures: 2, seed: 3 }).fit(x, y);
    const restored = DecisionTreeClassifier.fromJSON(roundTrip(sut));
    expect(restored.predictProba(x)).toEqual(sut.predictProba(x));
    expect(restored.featureImportances).toEqual(sut.featureImportances);
    expect(restored.toJSON()).toEqual(sut.toJSON());
  });

  it('refuses to predict before fitting or with the wrong width', () => {
    expect(() => new DecisionTreeClassifier().predict(xor)).toThrow('not fitted');
    const sut = new DecisionTreeClassifier().fit(xor, xorLabels);
    expect(() => sut.predict(matrixFromArrays([[1, 2, 3]]))).toThrow('features');
  });
});
