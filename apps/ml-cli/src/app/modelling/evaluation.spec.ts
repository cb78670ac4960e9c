import { evaluatePredictions, metricOf } from './evaluation';

describe(evaluatePredictions.name, () => {
  it('scores classification: accuracy, macro F1, per-class precision/recall, confusion matrix', () => {
    const sut = evaluatePredictions(
      'classification',
      ['a', 'a', 'b', 'b', 'c'],
      ['a', 'b', 'b', 'b', 'a'],
      ['a', 'b', 'c'],
    );
    expect(sut.task).toBe('classification');
    if (sut.task !== 'classification') return;
    expect(sut.metrics.accuracy).toBeCloseTo(0.6, 12);
    expect(sut.perClass.map((c) => [c.label, c.precision, c.recall])).toEqual([
      ['a', 0.5, 0.5],
      ['b', 2 / 3, 1],
      ['c', 0, 0],
    ]);
    expect(sut.metrics.f1_macro).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
    expect(sut.confusion).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [1, 1, 0],
        [0, 2, 0],
        [1, 0, 0],
      ],
    });
    expect(metricOf(sut, 'accuracy')).toBe(sut.metrics.accuracy);
    expect(() => metricOf(sut, 'rmse')).toThrow(/not a classification metric/);
  });

  it('scores regression: RMSE, MAE and R²', () => {
    const sut = evaluatePredictions('regression', [1, 2, 3, 4], Float64Array.from([1, 2, 3, 6]));
    expect(sut.metrics).toEqual({ rmse: 1, mae: 0.5, r2: expect.closeTo(0.2, 12) });
  });
});
