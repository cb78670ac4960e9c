import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { createMatrix, matrixFromArrays } from '../core/feature-matrix';
import { Rng } from '../random/rng';
import { LinearRegression } from './linear-regression';

describe(LinearRegression.name, () => {
  it('recovers exact coefficients and intercept from noiseless data', () => {
    const rng = new Rng(1);
    const x = createMatrix(
      30,
      3,
      Float64Array.from({ length: 90 }, () => rng.nextFloat()),
    );
    const y = Array.from(
      { length: 30 },
      (_, i) => 4 + 2 * at(x.data, i * 3) - 3 * at(x.data, i * 3 + 1) + 0.5 * at(x.data, i * 3 + 2),
    );
    const sut = new LinearRegression().fit(x, y);
    expect(Array.from(sut.coef).map((c) => Number(c.toFixed(9)))).toEqual([2, -3, 0.5]);
    expect(sut.intercept).toBeCloseTo(4, 9);
  });

  it('copes with collinear columns (a full one-hot block) via the minimum-norm solution', () => {
    const x = matrixFromArrays([
      [1, 0, 1],
      [0, 1, 2],
      [1, 0, 3],
      [0, 1, 4],
      [1, 0, 5],
    ]);
    const y = [3, 6, 7, 10, 11];
    const sut = new LinearRegression().fit(x, y);
    expect(sut.rank).toBe(2);
    expect(Array.from(sut.predict(x)).map((v) => Number(v.toFixed(9)))).toEqual(y);
    // Minimum norm splits the group effect evenly across the two dummies.
    expect(sut.coef[0]).toBeCloseTo(-at(sut.coef, 1), 9);
  });

  it('predicts identically after a JSON round trip', () => {
    const x = matrixFromArrays([
      [1, 2],
      [2, 1],
      [3, 5],
      [4, 4],
    ]);
    const sut = new LinearRegression().fit(x, [1, 2, 3, 5]);
    const restored = LinearRegression.fromJSON(roundTrip(sut));
    expect(restored.predict(x)).toEqual(sut.predict(x));
  });
});
