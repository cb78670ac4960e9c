import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { readPythonClientFile } from '../../test/mlflow-recordings';
import { PipelineWorkspace, penguinsConfig } from '../../test/pipeline-workspace';
import { pythonJson } from './python-json';

// What MLflow's UI reads from a run (tags, the MLmodel file, the registered version) as ml-cli
// logs it, field by field beside what MLflow's own Python client logged (fixtures/…/python-client).
// MLflow's UI itself cannot be rendered here: no Python MLflow is installed.
type KeyValue = { key: string; value: string };
const python = {
  run: (
    JSON.parse(readPythonClientFile('run-tags.json')) as {
      response: { body: { run: { info: Record<string, unknown>; data: { tags: KeyValue[] } } } };
    }
  ).response.body.run,
  mlmodel: parse(readPythonClientFile('MLmodel')) as Record<string, unknown>,
  version: (
    JSON.parse(readPythonClientFile('model-version.json')) as {
      response: { body: { model_version: Record<string, unknown> } };
    }
  ).response.body.model_version,
};
const pythonTags = new Map(python.run.data.tags.map((t) => [t.key, t.value]));
const pythonHistory = at(
  JSON.parse(pythonTags.get('mlflow.log-model.history') ?? '') as Record<string, unknown>[],
  0,
);
const fast = penguinsConfig({
  model: { type: 'random_forest', params: { nEstimators: 3, seed: 42, nWorkers: 1 } },
  cv: { folds: 0 },
});

describe('runs as MLflow UI shows them, beside the Python client', () => {
  let server: FakeMlflowServer;
  let sut: PipelineWorkspace;

  beforeAll(async () => {
    server = await FakeMlflowServer.start();
    sut = await PipelineWorkspace.create(fast, { MLFLOW_TRACKING_URI: server.url });
    await sut.all();
  });
  afterAll(async () => {
    await sut.close();
    await server.stop();
  });

  const run = () => at([...server.store.runs.values()], 0);
  const tags = () => run().tags;
  const history = () =>
    JSON.parse(tags().get('mlflow.log-model.history') ?? '[]') as Record<string, unknown>[];
  const mlmodel = () => {
    const bytes = [...server.artifacts.files].find(([path]) =>
      path.endsWith('/model/MLmodel'),
    )?.[1];
    return parse(String(bytes)) as Record<string, unknown>;
  };

  it('sets every mlflow.* tag the Python client sets, user and source as it does', () => {
    for (const key of pythonTags.keys())
      if (key.startsWith('mlflow.')) expect(tags().has(key)).toBe(true);
    expect(tags().get('mlflow.user')).toBe(run().info['user_id']);
    expect(tags().get('mlflow.user')).not.toBe('');
    expect(tags().get('mlflow.source.type')).toBe(pythonTags.get('mlflow.source.type'));
    const source = tags().get('mlflow.source.name') ?? '';
    expect(existsSync(isAbsolute(source) ? source : join(sut.root, source))).toBe(true);
    expect(tags().get('mlflow.source.git.commit')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('writes mlflow.log-model.history in the Python client format, for the Models column', () => {
    const raw = tags().get('mlflow.log-model.history') ?? '';
    expect(raw).toBe(pythonJson(JSON.parse(raw)));
    const entry = at(history(), 0);
    expect(Object.keys(entry)).toEqual(Object.keys(pythonHistory));
    expect(entry).toMatchObject({
      run_id: run().info.run_id,
      artifact_path: 'model',
      mlflow_version: pythonHistory['mlflow_version'],
      model_uuid: mlmodel()['model_uuid'],
      utc_time_created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
      model_size_bytes: expect.any(Number),
    });
    expect(Object.keys(entry['flavors'] as object)).toEqual(['gatehouse_ml']);
  });

  it('uploads an MLmodel with the fields the UI reads, a typed signature, and the project flavor', () => {
    const ours = mlmodel();
    expect(Object.keys(ours).sort()).toEqual(Object.keys(python.mlmodel).sort());
    expect(ours).toMatchObject({ artifact_path: 'model', run_id: run().info.run_id });
    const signature = ours['signature'] as { inputs: string; outputs: string; params: null };
    expect(signature.params).toBeNull();
    expect(JSON.parse(signature.inputs)).toEqual([
      { type: 'double', name: 'Beak Length (mm)', required: false },
      { type: 'double', name: 'Beak Depth (mm)', required: false },
      { type: 'double', name: 'Flipper Length (mm)', required: false },
      { type: 'double', name: 'Body Mass (g)', required: false },
      { type: 'string', name: 'Island', required: false },
      { type: 'string', name: 'Sex', required: false },
    ]);
    expect(JSON.parse(signature.outputs)).toEqual([
      { type: 'string', name: 'Species', required: true },
    ]);
    expect(signature.inputs).toBe(pythonJson(JSON.parse(signature.inputs)));
    expect(at(history(), 0)['signature']).toEqual(signature);
    expect(Object.keys(ours['flavors'] as object)).toEqual(['gatehouse_ml']);
  });

  it('registers a version with the fields of the one the Python client registered', () => {
    const version = server.store.models.get('penguins-test')?.versions[0] ?? {};
    expect(Object.keys(version).sort()).toEqual(
      Object.keys(python.version)
        .filter((k) => k !== 'aliases')
        .sort(),
    );
    expect(version).toMatchObject({
      source: `${String(run().info['artifact_uri'])}/model`,
      run_id: run().info.run_id,
    });
  });

  it('writes the same tags into ./mlruns as the Python client did into its file store', async () => {
    const local = await PipelineWorkspace.create(fast);
    try {
      await local.all();
      const { experiment, run: logged } = local.json<{
        experiment: { id: string };
        run: { id: string };
      }>('models/run.json');
      const ours = readdirSync(local.path('mlruns', experiment.id, logged.id, 'tags'));
      const theirs = [...pythonTags.keys()].filter((k) => k.startsWith('mlflow.'));
      expect(ours).toEqual(expect.arrayContaining(theirs));
      const history = JSON.parse(
        local.read('mlruns', experiment.id, logged.id, 'tags', 'mlflow.log-model.history'),
      ) as { run_id: string }[];
      expect(at(history, 0).run_id).toBe(logged.id);
    } finally {
      await local.close();
    }
  });
});
