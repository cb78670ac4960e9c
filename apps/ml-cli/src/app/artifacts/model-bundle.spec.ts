import { LogisticRegression, Pipeline, Preprocessor } from '@gatehouse/ml';
import { at } from '../../test/at';
import { StageError } from '../common/stage.error';
import { ModelBundle, type ModelBundleJson } from './model-bundle';

describe(ModelBundle.name, () => {
  const rows = [
    { year: 1970, size: 1, colour: 'red' },
    { year: 1971, size: 2, colour: 'red' },
    { year: 1980, size: 8, colour: 'blue' },
    { year: 1981, size: 9, colour: 'blue' },
  ];
  const labels = [0, 0, 1, 1];

  function trained(): ModelBundle {
    const preprocessor = new Preprocessor({ numeric: ['year', 'size'], categorical: ['colour'] });
    const model = new LogisticRegression().fit(preprocessor.fitTransform(rows), labels);
    return ModelBundle.create(
      {
        task: 'classification',
        target: 'big',
        targetColumn: { name: 'big', type: 'number', integer: true },
        input: {
          columns: [
            { name: 'year', type: 'date' },
            { name: 'size', type: 'number' },
            { name: 'colour', type: 'string' },
          ],
          missingValues: ['', '?'],
        },
        model: { type: 'logistic_regression', params: { C: 1 } },
        primaryMetric: 'accuracy',
        metrics: { accuracy: 1 },
        provenance: { trainedAt: '2025-01-01T00:00:00.000Z', dataSha256: 'd', configSha256: 'c' },
      },
      new Pipeline(preprocessor, model),
    );
  }

  // Raw rows as they arrive from a CSV: strings, padding, date strings, missing markers, new categories.
  const raw = [
    { year: '1970-03-01', size: ' 1.5 ', colour: 'red', extra: 'ignored' },
    { year: '1981-01-01', size: '9', colour: 'purple' },
    { year: '?', size: '', colour: '' },
  ];

  it('cleans raw rows with the training schema: types, dates, missing markers', () => {
    expect(trained().cleanRows(raw)).toEqual([
      { year: expect.closeTo(1970.16, 2), size: 1.5, colour: 'red' },
      { year: 1981, size: 9, colour: 'purple' },
      { year: null, size: null, colour: null },
    ]);
    expect(trained().labelsOf([{ big: '1' }, { big: '?' }])).toEqual([1, null]);
  });

  it('saves, loads and predicts from raw rows identically after the round trip', () => {
    const sut = trained();
    const restored = ModelBundle.fromJSON(JSON.parse(JSON.stringify(sut)), 'model.json');
    const predictions = restored.predict(raw);
    expect(predictions).toEqual(sut.predict(raw));
    expect(predictions.map((p) => p.prediction)).toEqual([0, 1, expect.any(Number)]);
    expect(Object.keys(at(predictions, 0).probabilities ?? {})).toEqual(['0', '1']);
    expect(restored.toJSON()).toEqual(sut.toJSON());
  });

  it('refuses JSON that is not an ml-cli model, or a damaged one', () => {
    expect(() => ModelBundle.fromJSON({ type: 'Pipeline' }, 'x.json')).toThrow(
      new StageError('x.json is not an ml-cli model (expected format gatehouse-ml/model@1)'),
    );
    const json = JSON.parse(JSON.stringify(trained())) as ModelBundleJson;
    const damaged = { ...json, pipeline: { ...json.pipeline, model: { type: 'Nope' } } };
    expect(() => ModelBundle.fromJSON(damaged, 'x.json')).toThrow(
      /x\.json: cannot restore the model/,
    );
  });
});
