import { existsSync, readdirSync } from 'node:fs';
import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { FaultProxy } from '../../test/fault-proxy';
import { PipelineWorkspace, penguinsConfig } from '../../test/pipeline-workspace';

// train against the fake MLflow server when the server's state is not what the client assumed,
// or the server goes away mid-run: what is left on the server and on disk.
describe('train when MLflow is not as expected', () => {
  let server: FakeMlflowServer;
  let proxy: FaultProxy;
  let sut: PipelineWorkspace;
  const fast = penguinsConfig({
    model: { type: 'random_forest', params: { nEstimators: 5, seed: 42, nWorkers: 1 } },
    cv: { folds: 0 },
  });

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
    proxy = await FaultProxy.start(server.url);
    sut = await PipelineWorkspace.create(fast, {
      MLFLOW_TRACKING_URI: proxy.url,
      MLFLOW_TIMEOUT_MS: '300',
      MLFLOW_MAX_RETRIES: '1',
    });
    await sut.dataset();
    await sut.features();
  });
  afterEach(async () => {
    await sut.close();
    await proxy.stop();
    await server.stop();
  });

  const model = () => server.store.models.get('penguins-test');
  const runOf = (id: string) => server.store.runs.get(id);
  const trainRunId = async () => ((await sut.train()) as { run: { id: string } }).run.id;
  const noLocalOutputs = () => {
    expect(existsSync(sut.path('models'))).toBe(false);
    expect(existsSync(sut.path('reports'))).toBe(false);
    expect(readdirSync(sut.path('data')).sort()).toEqual(['features', 'processed', 'raw']);
  };

  it("lets the new model take @champion when the champion's run was garbage-collected, and says why", async () => {
    const first = await trainRunId();
    server.collectRun(first);
    await expect(sut.train()).resolves.toMatchObject({ version: '2', champion: true });
    expect(model()?.aliases.get('champion')).toBe('2');
    expect(sut.lines.join('')).toContain(
      `WARN @champion v1 does not count: its run ${first} is gone from MLflow at ${proxy.url} (deleted and garbage-collected?); any new model takes @champion`,
    );
  });

  it('registers and moves @champion before it marks the run FINISHED', async () => {
    await trainRunId();
    const order = server.requests
      .map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`)
      .filter((r) =>
        /^POST .*(model-versions\/create|registered-models\/alias|runs\/update)/.test(r),
      );
    expect(order).toEqual([
      'POST /api/2.0/mlflow/model-versions/create',
      'POST /api/2.0/mlflow/registered-models/alias',
      'POST /api/2.0/mlflow/runs/update',
    ]);
  });

  it('leaves no version and no alias, and the run FAILED, when @champion cannot be moved', async () => {
    proxy.inject({
      method: 'POST',
      path: 'registered-models/alias',
      attempts: [1, 2],
      fault: 'fail',
    });
    const error = await sut.train().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^MLflow POST registered-models\/alias failed: 500/);
    const run = at([...server.store.runs.values()], 0);
    expect(run.info.status).toBe('FAILED');
    expect(model()?.versions ?? []).toEqual([]);
    expect(model()?.aliases.size ?? 0).toBe(0);
    noLocalOutputs();
  });

  it('puts @champion back on the previous version when the run cannot be finished', async () => {
    await trainRunId();
    proxy.inject({ method: 'POST', path: 'runs/update', attempts: [1, 2], fault: 'fail' });
    const error = await sut.train().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^MLflow POST runs\/update failed: 500/);
    expect(model()?.aliases.get('champion')).toBe('1');
    expect(model()?.versions.map((v) => v.version)).toEqual(['1']);
    const failed = [...server.store.runs.values()].filter((r) => r.info.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(runOf(String(model()?.versions[0]?.run_id))?.info.status).toBe('FINISHED');
  });

  it('completes a run that lost the server mid-way in ./mlruns with --offline-fallback', async () => {
    // Requests 1-4 start the run (get-by-name, create, get-by-name, runs/create); then the server is gone.
    proxy.inject({
      path: '/',
      attempts: Array.from({ length: 500 }, (_, i) => i + 5),
      fault: 'reset-before',
    });
    const summary = await sut.train({ offlineFallback: true });
    expect(summary).toMatchObject({ run: { offline: true }, version: '1', champion: true });
    const output = sut.lines.join('');
    expect(output).toMatch(/--offline-fallback: completing run \S+ in file store .*mlruns/);
    expect(output).not.toMatch(/pass --offline-fallback/);
    const local = sut.json<{ run: { id: string }; experiment: { id: string } }>('models/run.json');
    const runDir = ['mlruns', local.experiment.id, local.run.id];
    expect(sut.read(...runDir, 'params', 'model.type')).toBe('random_forest');
    expect(sut.read(...runDir, 'tags', 'gatehouse.offline_fallback')).toBe('true');
    expect(existsSync(sut.path(...runDir, 'artifacts', 'model', 'model.json'))).toBe(true);
    expect(sut.read('mlruns/models/penguins-test/aliases/champion')).toBe('1');
  });

  it('tells the user to pass --offline-fallback only when it was not passed', async () => {
    proxy.inject({
      path: '/',
      attempts: Array.from({ length: 500 }, (_, i) => i + 5),
      fault: 'reset-before',
    });
    const error = await sut.train().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /is unreachable \(.+\) after 2 attempts; start it \(docker compose up mlflow\), fix MLFLOW_TRACKING_URI, or pass --offline-fallback to log to \.\/mlruns$/,
    );
    noLocalOutputs();
  });
});
