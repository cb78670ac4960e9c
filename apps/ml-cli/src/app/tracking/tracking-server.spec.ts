import { existsSync, readdirSync } from 'node:fs';
import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { PipelineWorkspace, penguinsConfig } from '../../test/pipeline-workspace';
import { MlflowApiError } from '../mlflow/mlflow-api.error';
import { MlflowUnreachableError } from '../mlflow/mlflow-connection.error';

// train against an MLflow tracking server (the in-process fake with MLflow's answers).
describe('train with MLFLOW_TRACKING_URI', () => {
  let server: FakeMlflowServer;
  let sut: PipelineWorkspace;
  const env = () => ({
    MLFLOW_TRACKING_URI: server.url,
    MLFLOW_TIMEOUT_MS: '1000',
    MLFLOW_MAX_RETRIES: '1',
  });

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
  });
  afterEach(async () => {
    await sut.close();
    await server.stop();
  });

  async function prepared(config = penguinsConfig()): Promise<PipelineWorkspace> {
    const workspace = await PipelineWorkspace.create(config, env());
    await workspace.dataset();
    await workspace.features();
    return workspace;
  }

  it('records params, metrics, provenance tags and artifacts, registers the model and sets @champion', async () => {
    sut = await prepared();
    const summary = await sut.train();
    const runId = (summary as { run: { id: string } }).run.id;
    const run = server.store.runs.get(runId);
    expect(run?.info.status).toBe('FINISHED');
    expect(run?.params.get('model.type')).toBe('random_forest');
    expect(run?.params.get('model.nEstimators')).toBe('20');
    expect(run?.metrics.some((m) => m.key === 'test_accuracy')).toBe(true);
    expect(run?.metrics.filter((m) => m.key === 'cv_accuracy').map((m) => m.step)).toEqual([
      0, 1, 2,
    ]);
    expect(run?.tags.get('data.sha256')).toMatch(/^[0-9a-f]{64}$/);
    expect(run?.tags.get('config.sha256')).toBe(sut.config().sha256);
    expect(run?.tags.get('mlflow.source.git.commit')).toMatch(/^[0-9a-f]{40}$/);
    const artifacts = [...server.artifacts.files.keys()].map((k) => k.split('/artifacts/')[1]);
    expect(artifacts).toEqual(
      expect.arrayContaining([
        'model/model.json',
        'model/MLmodel',
        'preprocessing/preprocessor.json',
        'reports/report.md',
        'reports/metrics.json',
        'reports/plots/confusion-matrix.svg',
        'reports/plots/feature-importance.svg',
      ]),
    );
    const model = server.store.models.get('penguins-test');
    expect(model?.versions[0]).toMatchObject({
      source: `mlflow-artifacts:/${run?.info.experiment_id}/${runId}/artifacts/model`,
      run_id: runId,
    });
    expect(model?.aliases.get('champion')).toBe('1');
    // The registered champion can be loaded back from the server.
    const predictions = await sut.predict(
      'data/raw/penguins.json',
      'models:/penguins-test@champion',
    );
    expect(predictions).toHaveLength(344);
  });

  it("fails predict once, saying the files are gone, when the champion's run was garbage-collected", async () => {
    sut = await prepared();
    const runId = ((await sut.train()) as { run: { id: string } }).run.id;
    server.collectRun(runId);
    const error = await sut
      .predict('data/raw/penguins.json', 'models:/penguins-test@champion')
      .catch((e: unknown) => e);
    const experimentId = String(
      server.store.models.get('penguins-test')?.versions[0]?.source,
    ).split('/')[1];
    expect((error as Error).message).toBe(
      `models:/penguins-test/1: model.json is gone from mlflow-artifacts:/${experimentId}/${runId}/artifacts/model ` +
        `(was run ${runId} deleted and garbage-collected?)`,
    );
    const downloads = server.requests.filter(
      (r) => r.method === 'GET' && r.path.includes('/mlflow-artifacts/artifacts/'),
    );
    expect(downloads).toHaveLength(1);
  });

  it('fails the stage, writes no outputs and marks the run FAILED when the server fails mid-run', async () => {
    sut = await prepared();
    server.fail(
      'runs/log-batch',
      { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'database is locked' } },
      5,
    );
    const error = await sut.train().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect((error as Error).message).toMatch(
      /POST runs\/log-batch failed: 500 INTERNAL_ERROR: database is locked/,
    );
    expect(existsSync(sut.path('models'))).toBe(false);
    expect(existsSync(sut.path('reports'))).toBe(false);
    expect(readdirSync(sut.path('data')).sort()).toEqual(['features', 'processed', 'raw']);
    const run = at([...server.store.runs.values()], 0);
    expect(run.info.status).toBe('FAILED');
    expect(server.store.models.size).toBe(0);
  });

  it('fails clearly when the server is unreachable, or logs to ./mlruns with --offline-fallback', async () => {
    sut = await prepared();
    await server.stop();
    const error = await sut.train().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowUnreachableError);
    expect((error as Error).message).toMatch(
      /^MLflow tracking server at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\) after 2 attempts/,
    );
    expect(existsSync(sut.path('models'))).toBe(false);

    const summary = await sut.train({ offlineFallback: true });
    expect(summary).toMatchObject({ run: { offline: true }, version: '1', champion: true });
    expect(sut.lines.join('')).toMatch(
      /--offline-fallback: logging this run to file store .*mlruns instead/,
    );
    expect(sut.read('mlruns/models/penguins-test/aliases/champion')).toBe('1');
    server = await FakeMlflowServer.start();
  });
});
