import { Preprocessor, type Row } from '@gatehouse/ml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VEGA_DATA } from '../../test/pipeline-workspace';
import { type CleanRow } from '../artifacts/processed-dataset';
import { ModelConfig } from '../pipeline-config/model.config';
import { crossValidateModel } from './cross-validation';

const penguins: CleanRow[] = (
  JSON.parse(readFileSync(join(VEGA_DATA, 'penguins.json'), 'utf8')) as CleanRow[]
).map((row) => ({
  ...row,
  Sex: row['Sex'] === '.' ? null : (row['Sex'] ?? null),
}));
const numeric = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const categorical = ['Island', 'Sex'];
const model = (type: ModelConfig['type'], params: Record<string, unknown> = {}) =>
  Object.assign(new ModelConfig(), { type, params });

describe(crossValidateModel.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('refits the preprocessing on each fold’s training rows only', async () => {
    const fitted: (readonly Row[])[] = [];
    const fit = Preprocessor.prototype.fit;
    jest.spyOn(Preprocessor.prototype, 'fit').mockImplementation(function (
      this: Preprocessor,
      rows: readonly Row[],
    ) {
      fitted.push(rows);
      return fit.call(this, rows);
    });
    const rows: CleanRow[] = penguins.map((row, i) => ({ ...row, id: i }));
    const folds: number[][] = [];
    await crossValidateModel({
      task: 'classification',
      model: model('logistic_regression'),
      rows,
      y: rows.map((r) => r['Species'] as string),
      numeric,
      categorical,
      folds: 4,
      seed: 0,
      stratify: true,
      onFold: () => folds.push([]),
    });
    expect(fitted).toHaveLength(4);
    const seenInTraining = fitted.map((rowsOfFold) => new Set(rowsOfFold.map((r) => r['id'])));
    // Each row is held out exactly once, and never fitted in the fold that scores it.
    for (const id of rows.map((r) => r['id'])) {
      expect(seenInTraining.filter((set) => !set.has(id))).toHaveLength(1);
    }
    expect(fitted.map((f) => f.length).reduce((a, b) => a + b)).toBe(3 * rows.length);
  });

  it('matches scikit-learn’s 5-fold CV of logistic regression on penguins (0.993 ± 0.009)', async () => {
    const reports: number[] = [];
    const cv = await crossValidateModel({
      task: 'classification',
      model: model('logistic_regression'),
      rows: penguins,
      y: penguins.map((r) => r['Species'] as string),
      numeric,
      categorical,
      folds: 5,
      seed: 42,
      stratify: true,
      onFold: (_k, _n, scores) => reports.push(scores.accuracy ?? NaN),
    });
    expect(cv.folds).toBe(5);
    expect(cv.metrics.accuracy?.scores).toEqual(reports);
    expect(cv.metrics.accuracy?.mean).toBeGreaterThan(0.98);
    expect(cv.metrics.f1_macro?.mean).toBeGreaterThan(0.97);
  });

  it('uses plain shuffled k-fold and regression metrics for regression', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: i, noise: (i * 7) % 5 }));
    const cv = await crossValidateModel({
      task: 'regression',
      model: model('linear_regression'),
      rows,
      y: rows.map((r) => 3 * r.x + 1),
      numeric: ['x', 'noise'],
      categorical: [],
      folds: 4,
      seed: 1,
      stratify: true,
    });
    expect(cv.stratified).toBe(false);
    expect(cv.metrics.rmse?.mean).toBeCloseTo(0, 6);
    expect(cv.metrics.r2?.mean).toBeCloseTo(1, 9);
  });
});
