import { Preprocessor, type PreprocessorJson } from '@gatehouse/ml';
import { writeFileSync } from 'node:fs';
import { penguinsConfig, PipelineWorkspace } from '../../test/pipeline-workspace';
import { type FeaturesManifest, type FeatureSplit } from '../artifacts/feature-set';
import { FeaturesService } from './features.service';

describe(FeaturesService.name, () => {
  let sut: PipelineWorkspace;
  afterEach(() => sut.close());

  it('fits imputation, encoding and scaling on the training split only (no test-set leakage)', async () => {
    sut = await PipelineWorkspace.create();
    await sut.dataset();
    await sut.features();
    const fitted = sut.json<PreprocessorJson>('data/features/preprocessor.json');
    const train = sut.json<FeatureSplit>('data/features/train.json');
    const test = sut.json<FeatureSplit>('data/features/test.json');
    // The saved statistics are exactly those of the training rows…
    const fromTrain = new Preprocessor({
      numeric: fitted.options.numeric,
      categorical: fitted.options.categorical,
    }).fit(train.rows);
    expect(fitted).toEqual(JSON.parse(JSON.stringify(fromTrain)));
    // …and differ from what the whole table would give: the test rows taught it nothing.
    const fromAll = new Preprocessor(fitted.options).fit([...train.rows, ...test.rows]);
    expect(fromAll.fitted().scaler.mean).not.toEqual(Float64Array.from(fitted.scaler.mean));

    // Making the test rows extreme changes nothing that was fitted.
    const dataset = sut.json<{ rows: Record<string, unknown>[] }>('data/processed/dataset.json');
    for (const i of test.index)
      dataset.rows[i] = { ...dataset.rows[i], 'Body Mass (g)': 1e9, Island: 'Atlantis' };
    writeFileSync(sut.path('data/processed/dataset.json'), JSON.stringify(dataset));
    await sut.features();
    expect(sut.json('data/features/preprocessor.json')).toEqual(fitted);
    expect(sut.json<FeatureSplit>('data/features/test.json').x[0]).not.toEqual(test.x[0]);
  });

  it('splits with the seed, stratified by class, and records how', async () => {
    sut = await PipelineWorkspace.create();
    await sut.dataset();
    await sut.features();
    const manifest = sut.json<FeaturesManifest>('data/features/manifest.json');
    expect(manifest).toMatchObject({
      nTrain: 275,
      nTest: 69,
      split: { stratified: true, seed: 42 },
      featureNames: [
        'Beak Length (mm)',
        'Beak Depth (mm)',
        'Flipper Length (mm)',
        'Body Mass (g)',
        'Island_Biscoe',
        'Island_Dream',
        'Island_Torgersen',
        'Sex_FEMALE',
        'Sex_MALE',
      ],
      classCounts: {
        train: { Adelie: 122, Chinstrap: 54, Gentoo: 99 },
        test: { Adelie: 30, Chinstrap: 14, Gentoo: 25 },
      },
    });
    const first = sut.read('data/features/train.json');
    await sut.features();
    expect(sut.read('data/features/train.json')).toBe(first);
  });

  it('infers features from column types when none are listed, minus exclusions', async () => {
    sut = await PipelineWorkspace.create(penguinsConfig({ features: { exclude: ['Sex'] } }));
    await sut.dataset();
    await expect(sut.features()).resolves.toMatchObject({
      numeric: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
      categorical: ['Island'],
    });
  });

  it('asks for the dataset stage when its output is missing', async () => {
    sut = await PipelineWorkspace.create();
    await expect(sut.features()).rejects.toThrow(
      /data\/processed\/dataset\.json not found: run the dataset stage first \(nx run ml-cli:dataset\)/,
    );
  });
});
