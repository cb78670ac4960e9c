import { ConfigError } from '@gatehouse/env-config';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { at } from '../test/at';
import { penguinsConfig, PipelineWorkspace } from '../test/pipeline-workspace';

// The stages end to end on the default dataset, in a throwaway directory with the local file store.
describe('ml-cli pipeline', () => {
  let sut: PipelineWorkspace;

  afterEach(() => sut.close());

  it('runs dataset → features → train → evaluate → predict on penguins, tracked in ./mlruns', async () => {
    sut = await PipelineWorkspace.create();
    await sut.all();

    const profile = sut.json<{
      rows: Record<string, number>;
      columns: { name: string; missing: number }[];
    }>('data/processed/profile.json');
    expect(profile.rows).toEqual({
      in: 344,
      out: 344,
      droppedMissingTarget: 0,
      droppedDuplicates: 0,
    });
    expect(profile.columns.find((c) => c.name === 'Sex')?.missing).toBe(11);
    expect(sut.read('data/raw/penguins.json.sha256')).toMatch(/^[0-9a-f]{64} {2}penguins\.json\n$/);
    expect(sut.json('data/features/manifest.json')).toMatchObject({ nTrain: 275, nTest: 69 });

    const metrics = sut.json<{ test: { accuracy: number } }>('reports/metrics.json');
    expect(metrics.test.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(sut.read('reports/report.md')).toContain('## Confusion matrix');
    expect(readdirSync(sut.path('reports/plots')).sort()).toEqual([
      'confusion-matrix.svg',
      'feature-importance.svg',
    ]);

    const run = sut.json<{
      run: { id: string };
      experiment: { id: string };
      version: string;
      champion: boolean;
    }>('models/run.json');
    expect(run).toMatchObject({ version: '1', champion: true });
    const runDir = sut.path('mlruns', run.experiment.id, run.run.id);
    expect(parse(sut.read('mlruns', run.experiment.id, 'meta.yaml'))).toMatchObject({
      name: 'penguins-test',
      lifecycle_stage: 'active',
    });
    expect(parse(sut.read(join(runDir.slice(sut.root.length), 'meta.yaml')))).toMatchObject({
      status: 3,
      run_id: run.run.id,
    });
    for (const tag of ['data.sha256', 'config.sha256', 'mlflow.source.git.commit']) {
      expect(existsSync(join(runDir, 'tags', tag))).toBe(true);
    }
    expect(sut.read(join(runDir.slice(sut.root.length), 'metrics/test_accuracy'))).toMatch(
      /^\d{13} [\d.]+ 0\n$/,
    );
    expect(sut.read(join(runDir.slice(sut.root.length), 'params/model.nEstimators'))).toBe('20');
    for (const artifact of [
      'model/model.json',
      'model/MLmodel',
      'preprocessing/preprocessor.json',
      'reports/report.md',
      'reports/plots/confusion-matrix.svg',
    ]) {
      expect(existsSync(join(runDir, 'artifacts', artifact))).toBe(true);
    }
    expect(sut.read('mlruns/models/penguins-test/aliases/champion')).toBe('1');

    const evaluation = (await sut.evaluate()) as { metrics: { accuracy: number } };
    expect(evaluation.metrics.accuracy).toBe(metrics.test.accuracy);
    expect(existsSync(sut.path('reports/evaluation/plots/confusion-matrix.svg'))).toBe(true);

    writeFileSync(
      sut.path('rows.csv'),
      'Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\n' +
        'Torgersen,39.1,18.7,181,3750,MALE\nBiscoe, 48.7 ,14.1,210,4450,.\nDream,,,,,\n',
    );
    const predictions = await sut.predict('rows.csv', 'models:/penguins-test@champion');
    expect(predictions.map((p) => p['prediction'])).toEqual([
      'Adelie',
      'Gentoo',
      expect.any(String),
    ]);
    expect(Object.keys(at(predictions, 0)['probabilities'] as object).sort()).toEqual([
      'Adelie',
      'Chinstrap',
      'Gentoo',
    ]);
  });

  it('moves @champion to a new version only when it scores better', async () => {
    const weak = {
      type: 'random_forest',
      params: { nEstimators: 1, maxDepth: 1, seed: 1, nWorkers: 1 },
    };
    const strong = { type: 'random_forest', params: { nEstimators: 20, seed: 42, nWorkers: 1 } };
    sut = await PipelineWorkspace.create(penguinsConfig({ model: weak, cv: { folds: 0 } }));
    await sut.all();
    const champion = () => sut.read('mlruns/models/penguins-test/aliases/champion');
    expect(champion()).toBe('1');

    sut.writeConfig(penguinsConfig({ model: strong, cv: { folds: 0 } }));
    await expect(sut.train()).resolves.toMatchObject({ version: '2', champion: true });
    expect(champion()).toBe('2');

    sut.writeConfig(penguinsConfig({ model: weak, cv: { folds: 0 } }));
    await expect(sut.train()).resolves.toMatchObject({ version: '3', champion: false });
    expect(champion()).toBe('2');
    expect(sut.lines.join('')).toMatch(/@champion stays on v2/);
  });

  it('fails with one clear message and leaves the previous outputs untouched', async () => {
    sut = await PipelineWorkspace.create();
    await sut.dataset();
    const before = sut.read('data/processed/dataset.json');
    sut.writeConfig(
      penguinsConfig({ data: { ...(penguinsConfig()['data'] as object), target: 'Specie' } }),
    );
    const error = await sut.dataset().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(
        /^data\.target: unknown column "Specie" \(did you mean "Species"\? columns: Species, Island, /,
      ),
    ]);
    expect(sut.read('data/processed/dataset.json')).toBe(before);
    expect(readdirSync(sut.path('data')).sort()).toEqual(['processed', 'raw']);
  });

  it('reproduces scikit-learn OLS on cars (RMSE 2.8574, R² 0.8481), date strings and null targets included', async () => {
    sut = await PipelineWorkspace.create({
      experiment: 'cars',
      registeredModel: 'cars-mpg',
      task: 'regression',
      data: {
        source: {
          format: 'json',
          path: 'data/raw/cars.json',
          importFrom: join(__dirname, '../../../../node_modules/vega-datasets/data/cars.json'),
        },
        target: 'Miles_per_Gallon',
      },
      features: { exclude: ['Name'] },
      model: { type: 'linear_regression' },
      cv: { folds: 5, seed: 42 },
    });
    await sut.dataset();
    const profile = sut.json<{
      rows: Record<string, number>;
      columns: { name: string; type: string; missing: number }[];
    }>('data/processed/profile.json');
    expect(profile.rows).toMatchObject({ in: 406, out: 398, droppedMissingTarget: 8 });
    expect(profile.columns.find((c) => c.name === 'Year')?.type).toBe('date');
    expect(profile.columns.find((c) => c.name === 'Horsepower')?.missing).toBe(6);
    await sut.features();
    const summary = (await sut.train()) as { metrics: { rmse: number; r2: number } };
    expect(summary.metrics.rmse).toBeCloseTo(2.8574, 4);
    expect(summary.metrics.r2).toBeCloseTo(0.8481, 4);
    expect(readdirSync(sut.path('reports/plots')).sort()).toEqual([
      'feature-importance.svg',
      'residuals.svg',
    ]);
  });
});
