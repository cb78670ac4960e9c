import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { blobs } from '../../test/synthetic';
import { accuracy } from '../metrics/classification-metrics';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier';
import { RandomForestClassifier } from './random-forest-classifier';

describe(RandomForestClassifier.name, () => {
  const train = blobs(300, 6, 11);
  const test = blobs(200, 6, 12);

  it('defaults to scikit-learn settings: 100 bootstrapped trees, sqrt features per split', () => {
    expect(new RandomForestClassifier().options).toMatchObject({
      nEstimators: 100,
      bootstrap: true,
      maxFeatures: 'sqrt',
    });
  });

  it('classifies held-out data and ranks informative features first', async () => {
    const sut = await new RandomForestClassifier({ nEstimators: 30, seed: 1, nWorkers: 1 }).fit(
      train.x,
      train.y,
    );
    expect(accuracy(test.y, sut.predict(test.x))).toBeGreaterThan(0.85);
    const importances = Array.from(sut.featureImportances);
    expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.min(at(importances, 0), at(importances, 1))).toBeGreaterThan(
      Math.max(...importances.slice(2)),
    );
  });

  it('builds the same forest on worker threads as in-process, whatever the worker count', async () => {
    const fit = (nWorkers: number) =>
      new RandomForestClassifier({ nEstimators: 7, seed: 5, nWorkers }).fit(train.x, train.y);
    const inProcess = (await fit(1)).toJSON();
    expect((await fit(2)).toJSON()).toEqual(inProcess);
    expect((await fit(3)).toJSON()).toEqual(inProcess);
  });

  it("averages the trees' leaf probabilities rather than voting", async () => {
    // Fully grown trees have pure leaves, so each tree says 0 or 1 and the mean moves in tenths.
    const sut = await new RandomForestClassifier({ nEstimators: 10, seed: 2, nWorkers: 1 }).fit(
      train.x,
      train.y,
    );
    const proba = sut.predictProba(test.x);
    for (let i = 0; i < proba.nRows; i++)
      expect(at(proba.data, 2 * i) + at(proba.data, 2 * i + 1)).toBeCloseTo(1, 12);
    expect(proba.data.every((p) => Math.abs(p * 10 - Math.round(p * 10)) < 1e-9)).toBe(true);
    expect(proba.data.some((p) => p > 0 && p < 1)).toBe(true);
  });

  it('reduces to one CART tree without bootstrap or feature sampling', async () => {
    const forest = await new RandomForestClassifier({
      nEstimators: 1,
      bootstrap: false,
      maxFeatures: 'all',
      nWorkers: 1,
    }).fit(train.x, train.y);
    const tree = new DecisionTreeClassifier().fit(train.x, train.y);
    expect(forest.predictProba(test.x)).toEqual(tree.predictProba(test.x));
  });

  it('changes with the seed', async () => {
    const fit = (seed: number) =>
      new RandomForestClassifier({ nEstimators: 3, seed, nWorkers: 1 }).fit(train.x, train.y);
    expect((await fit(1)).toJSON().trees).not.toEqual((await fit(2)).toJSON().trees);
  });

  it('predicts identically after a JSON round trip', async () => {
    const sut = await new RandomForestClassifier({ nEstimators: 5, seed: 4, nWorkers: 1 }).fit(
      train.x,
      train.y,
    );
    const restored = RandomForestClassifier.fromJSON(roundTrip(sut));
    expect(restored.predictProba(test.x)).toEqual(sut.predictProba(test.x));
    expect(restored.predict(test.x)).toEqual(sut.predict(test.x));
  });

  it('reports each finished tree, in-process and on worker threads', async () => {
    for (const nWorkers of [1, 2]) {
      const calls: [number, number][] = [];
      await new RandomForestClassifier({ nEstimators: 6, seed: 3, nWorkers }).fit(
        train.x,
        train.y,
        { onTree: (done, total) => calls.push([done, total]) },
      );
      expect(calls).toEqual([1, 2, 3, 4, 5, 6].map((done) => [done, 6]));
    }
  });
});
