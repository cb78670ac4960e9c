import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { createMatrix } from '../core/feature-matrix';
import { r2 } from '../metrics/regression-metrics';
import { Rng } from '../random/rng';
import { RandomForestRegressor } from './random-forest-regressor';

function wave(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = createMatrix(
    n,
    3,
    Float64Array.from({ length: n * 3 }, () => rng.nextFloat() * 6),
  );
  const y = Array.from(
    { length: n },
    (_, i) => Math.sin(at(x.data, i * 3)) * 3 + at(x.data, i * 3 + 1),
  );
  return { x, y };
}

describe(RandomForestRegressor.name, () => {
  const train = wave(300, 1);
  const test = wave(200, 2);

  it('uses every feature per split by default, like scikit-learn', () => {
    expect(new RandomForestRegressor().options.maxFeatures).toBe('all');
  });

  it('fits a smooth function well and ignores the noise feature', async () => {
    const sut = await new RandomForestRegressor({ nEstimators: 30, seed: 3, nWorkers: 1 }).fit(
      train.x,
      train.y,
    );
    expect(r2(test.y, sut.predict(test.x))).toBeGreaterThan(0.9);
    expect(sut.featureImportances[2]).toBeLessThan(0.05);
  });

  it('gives the same forest on two workers as in-process', async () => {
    const fit = (nWorkers: number) =>
      new RandomForestRegressor({ nEstimators: 4, seed: 8, nWorkers }).fit(train.x, train.y);
    expect((await fit(2)).toJSON()).toEqual((await fit(1)).toJSON());
  });

  it('predicts identically after a JSON round trip', async () => {
    const sut = await new RandomForestRegressor({ nEstimators: 5, seed: 4, nWorkers: 1 }).fit(
      train.x,
      train.y,
    );
    const restored = RandomForestRegressor.fromJSON(roundTrip(sut));
    expect(restored.predict(test.x)).toEqual(sut.predict(test.x));
  });
});
