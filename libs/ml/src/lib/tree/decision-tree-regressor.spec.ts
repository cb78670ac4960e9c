import { roundTrip } from '../../test/round-trip';
import { createMatrix, matrixFromArrays } from '../core/feature-matrix';
import { DecisionTreeRegressor } from './decision-tree-regressor';

describe(DecisionTreeRegressor.name, () => {
  it('learns a step function with one split at the midpoint', () => {
    const x = matrixFromArrays([[1], [2], [3], [10], [11], [12]]);
    const sut = new DecisionTreeRegressor().fit(x, [5, 5, 5, 20, 20, 20]);
    expect(sut.nodeCount).toBe(3);
    expect(sut.toJSON().tree.threshold[0]).toBe(6.5);
    expect(Array.from(sut.predict(matrixFromArrays([[0], [6.4], [6.6], [100]])))).toEqual([
      5, 5, 20, 20,
    ]);
  });

  it('predicts leaf means under a depth limit', () => {
    const x = createMatrix(8, 1, Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const sut = new DecisionTreeRegressor({ maxDepth: 1 }).fit(x, [1, 1, 1, 1, 3, 3, 3, 5]);
    expect(Array.from(sut.predict(matrixFromArrays([[2], [7]])))).toEqual([1, 3.5]);
  });

  it('does not split a constant target', () => {
    const x = matrixFromArrays([[1], [2], [3]]);
    expect(new DecisionTreeRegressor().fit(x, [0.1, 0.1, 0.1]).nodeCount).toBe(1);
  });

  it('predicts identically after a JSON round trip', () => {
    const x = createMatrix(
      50,
      2,
      Float64Array.from({ length: 100 }, (_, i) => Math.sin(i)),
    );
    const y = Array.from({ length: 50 }, (_, i) => Math.cos(i));
    const sut = new DecisionTreeRegressor({ minSamplesLeaf: 3 }).fit(x, y);
    const restored = DecisionTreeRegressor.fromJSON(roundTrip(sut));
    expect(restored.predict(x)).toEqual(sut.predict(x));
  });

  it('rejects non-finite targets', () => {
    expect(() =>
      new DecisionTreeRegressor().fit(matrixFromArrays([[1], [2]]), [1, Number.NaN]),
    ).toThrow(RangeError);
  });
});
