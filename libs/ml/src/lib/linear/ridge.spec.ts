import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { createMatrix } from '../core/feature-matrix';
import { Rng } from '../random/rng';
import { LinearRegression } from './linear-regression';
import { Ridge } from './ridge';

describe(Ridge.name, () => {
  const rng = new Rng(2);
  const x = createMatrix(
    40,
    2,
    Float64Array.from({ length: 80 }, () => rng.nextFloat()),
  );
  const y = Array.from(
    { length: 40 },
    (_, i) => 10 + 3 * at(x.data, 2 * i) - at(x.data, 2 * i + 1) + rng.nextFloat() * 0.1,
  );

  it('approaches OLS as alpha goes to zero', () => {
    const ols = new LinearRegression().fit(x, y);
    const sut = new Ridge(1e-10).fit(x, y);
    expect(sut.coef[0]).toBeCloseTo(at(ols.coef, 0), 6);
    expect(sut.intercept).toBeCloseTo(ols.intercept, 6);
  });

  it('shrinks coefficients towards zero but never the intercept', () => {
    const sut = new Ridge(1e9).fit(x, y);
    expect(Math.abs(at(sut.coef, 0))).toBeLessThan(1e-6);
    expect(sut.intercept).toBeCloseTo(y.reduce((a, b) => a + b, 0) / y.length, 5);
  });

  it('satisfies the normal equations (XᵀX + αI)w = Xᵀy on centred data', () => {
    const alpha = 2;
    const sut = new Ridge(alpha).fit(x, y);
    const mean = [0, 1].map(
      (j) =>
        Array.from({ length: 40 }, (_, i) => at(x.data, 2 * i + j)).reduce((a, b) => a + b) / 40,
    );
    const yMean = y.reduce((a, b) => a + b) / 40;
    for (let j = 0; j < 2; j++) {
      let lhs = alpha * at(sut.coef, j);
      let rhs = 0;
      for (let i = 0; i < 40; i++) {
        const xij = at(x.data, 2 * i + j) - at(mean, j);
        lhs +=
          xij *
          ((at(x.data, 2 * i) - at(mean, 0)) * at(sut.coef, 0) +
            (at(x.data, 2 * i + 1) - at(mean, 1)) * at(sut.coef, 1));
        rhs += xij * (at(y, i) - yMean);
      }
      expect(lhs).toBeCloseTo(rhs, 9);
    }
  });

  it('predicts identically after a JSON round trip', () => {
    const sut = new Ridge(0.5).fit(x, y);
    const restored = Ridge.fromJSON(roundTrip(sut));
    expect(restored.predict(x)).toEqual(sut.predict(x));
    expect(restored.alpha).toBe(0.5);
  });
});
