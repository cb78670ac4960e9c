import { roundTrip } from '../../test/round-trip';
import { matrixToArrays } from '../core/feature-matrix';
import { type Row } from '../core/types';
import { RandomForestRegressor } from '../forest/random-forest-regressor';
import { LogisticRegression } from '../linear/logistic-regression';
import { Preprocessor } from '../preprocessing/preprocessor';
import { Pipeline } from './pipeline';

describe(Pipeline.name, () => {
  const rows: Row[] = [
    { size: 1, colour: 'red' },
    { size: 2, colour: 'red' },
    { size: null, colour: 'blue' },
    { size: 8, colour: 'blue' },
    { size: 9, colour: '.' },
    { size: 10, colour: 'blue' },
  ];
  const labels = ['small', 'small', 'small', 'big', 'big', 'big'];
  const options = { numeric: ['size'], categorical: ['colour'], missingValues: ['.'] };

  function fitted(): Pipeline {
    const preprocessor = new Preprocessor(options);
    const model = new LogisticRegression().fit(preprocessor.fitTransform(rows), labels);
    return new Pipeline(preprocessor, model);
  }

  it('predicts from raw rows, missing cells and unseen categories included', () => {
    const sut = fitted();
    expect(sut.isClassifier).toBe(true);
    expect(sut.classes).toEqual(['big', 'small']);
    expect(
      sut.predict([
        { size: 0.5, colour: 'green' },
        { size: 12, colour: null },
      ]),
    ).toEqual(['small', 'big']);
    const proba = sut.predictProba([{ size: 0.5, colour: 'red' }]);
    expect(proba?.nCols).toBe(2);
  });

  it('survives a save/load round trip with identical predictions and probabilities', () => {
    const sut = fitted();
    const restored = Pipeline.fromJSON(roundTrip(sut));
    const probe: Row[] = [...rows, { size: 5, colour: 'purple' }];
    expect(restored.predict(probe)).toEqual(sut.predict(probe));
    const [a, b] = [restored.predictProba(probe), sut.predictProba(probe)];
    expect(a && matrixToArrays(a)).toEqual(b && matrixToArrays(b));
    expect(restored.featureNames).toEqual(['size', 'colour_blue', 'colour_red']);
  });

  it('works for regressors, which have no classes or probabilities', async () => {
    const preprocessor = new Preprocessor(options);
    const model = await new RandomForestRegressor({ nEstimators: 5, nWorkers: 1 }).fit(
      preprocessor.fitTransform(rows),
      [1, 2, 3, 8, 9, 10],
    );
    const sut = Pipeline.fromJSON(roundTrip(new Pipeline(preprocessor, model)));
    expect(sut.isClassifier).toBe(false);
    expect(sut.classes).toEqual([]);
    expect(sut.predictProba(rows)).toBeUndefined();
    expect(sut.predict(rows)).toBeInstanceOf(Float64Array);
  });

  it('refuses a saved model of an unknown type', () => {
    const json = roundTrip(fitted());
    expect(() =>
      Pipeline.fromJSON({ ...json, model: { ...json.model, type: 'Nope' } as never }),
    ).toThrow("Unknown model type 'Nope'");
  });

  it('refuses unfitted parts', () => {
    expect(() => new Pipeline(new Preprocessor(options), new LogisticRegression())).toThrow(
      /not fitted/,
    );
  });
});
