import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { blobs } from '../../test/synthetic';
import { matrixFromArrays } from '../core/feature-matrix';
import { accuracy } from '../metrics/classification-metrics';
import { binaryLogisticObjective, softmaxObjective } from './logistic-loss';
import { LogisticRegression } from './logistic-regression';

describe(LogisticRegression.name, () => {
  it("reaches the optimum of scikit-learn's objective (binary)", () => {
    const { x, y } = blobs(200, 3, 1);
    const sut = new LogisticRegression({ C: 0.5, tol: 1e-8, maxIter: 500 }).fit(x, y);
    const params = Float64Array.from([...at(sut.coef, 0), ...sut.intercept]);
    const grad = new Float64Array(params.length);
    binaryLogisticObjective(x, Float64Array.from(y), 0.5)(params, grad);
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-7);
    expect(sut.convergence.converged).toBe(true);
  });

  it('uses one weight vector per class for three or more classes (softmax)', () => {
    const x = matrixFromArrays([
      [0, 0],
      [0, 1],
      [5, 5],
      [5, 6],
      [-5, 5],
      [-5, 6],
    ]);
    const y = ['a', 'a', 'b', 'b', 'c', 'c'];
    const sut = new LogisticRegression({ tol: 1e-9, maxIter: 500 }).fit(x, y);
    expect(sut.coef).toHaveLength(3);
    expect(sut.predict(x)).toEqual(y);
    const params = Float64Array.from([...sut.coef.flat(), ...sut.intercept]);
    const grad = new Float64Array(params.length);
    softmaxObjective(x, Int32Array.from([0, 0, 1, 1, 2, 2]), 3, 1)(params, grad);
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-7);
    const proba = sut.predictProba(x);
    expect(at(proba.data, 0) + at(proba.data, 1) + at(proba.data, 2)).toBeCloseTo(1, 12);
  });

  it('shrinks weights as C decreases', () => {
    const { x, y } = blobs(200, 2, 2);
    const norm = (c: number) =>
      Math.hypot(...at(new LogisticRegression({ C: c }).fit(x, y).coef, 0));
    expect(norm(0.01)).toBeLessThan(norm(1));
  });

  it('separates blobs with calibrated binary probabilities', () => {
    const train = blobs(400, 4, 3);
    const test = blobs(200, 4, 4);
    const sut = new LogisticRegression().fit(train.x, train.y);
    expect(accuracy(test.y, sut.predict(test.x))).toBeGreaterThan(0.85);
    const proba = sut.predictProba(test.x);
    expect(proba.nCols).toBe(2);
    expect(at(proba.data, 0) + at(proba.data, 1)).toBeCloseTo(1, 12);
  });

  it('predicts identically after a JSON round trip', () => {
    const { x, y } = blobs(100, 3, 5);
    const sut = new LogisticRegression().fit(
      x,
      y.map((v) => (v ? 'yes' : 'no')),
    );
    const restored = LogisticRegression.fromJSON(roundTrip(sut));
    expect(restored.predictProba(x)).toEqual(sut.predictProba(x));
    expect(restored.classes).toEqual(['no', 'yes']);
  });

  it('needs two classes', () => {
    expect(() => new LogisticRegression().fit(matrixFromArrays([[1], [2]]), [1, 1])).toThrow(
      'two classes',
    );
  });
});
