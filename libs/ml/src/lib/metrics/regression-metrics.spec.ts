import { mae, r2, rmse } from './regression-metrics';

// Figures from scikit-learn's documentation examples for the same inputs.
describe(r2.name, () => {
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0.0, 2, 8];

  it('matches scikit-learn on its documented example', () => {
    expect(r2(yTrue, yPred)).toBeCloseTo(0.9486081370449679, 12);
    expect(mae(yTrue, yPred)).toBe(0.5);
    expect(rmse(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it('scores a constant truth as 1 when exact and 0 otherwise', () => {
    expect(r2([1, 1], [1, 1])).toBe(1);
    expect(r2([1, 1], [1, 2])).toBe(0);
  });
});
