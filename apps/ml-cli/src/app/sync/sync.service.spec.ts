import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { FaultProxy } from '../../test/fault-proxy';
import { PYTHON_MLRUNS } from '../../test/mlflow-recordings';
import { PipelineWorkspace, penguinsConfig } from '../../test/pipeline-workspace';
import { MlflowUnreachableError } from '../mlflow/mlflow-connection.error';
import { SyncService } from './sync.service';

const EVERY_REQUEST = Array.from({ length: 2000 }, (_, i) => i + 1);
/** Requests that change the server (runs/search is a POST that only reads). */
const WRITES = /^(PUT|DELETE|POST (?!\/api\/2\.0\/mlflow\/runs\/search))/;

describe(SyncService.name, () => {
  let server: FakeMlflowServer;
  let proxy: FaultProxy;
  let sut: PipelineWorkspace;
  const fast = penguinsConfig({
    model: { type: 'random_forest', params: { nEstimators: 3, seed: 42, nWorkers: 1 } },
    cv: { folds: 2, seed: 42 },
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

  /** train while the server is down from request `from` on (1: from the start). */
  async function trainOffline(from = 1) {
    proxy.inject({ path: '/', attempts: EVERY_REQUEST.slice(from - 1), fault: 'reset-before' });
    await sut.train({ offlineFallback: true });
    proxy.clear();
    return sut.json<{ run: { id: string }; experiment: { id: string } }>('models/run.json');
  }
  const localMeta = (experiment: string, run: string) =>
    parse(sut.read('mlruns', experiment, run, 'meta.yaml')) as Record<string, unknown>;
  const localPoints = (experiment: string, run: string) =>
    readFileSync(sut.path('mlruns', experiment, run, 'metrics', 'cv_accuracy'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number))
      .map(([timestamp, value, step]) => ({ key: 'cv_accuracy', value, timestamp, step }));
  const writesSince = (count: number) =>
    server.requests.slice(count).filter((r) => WRITES.test(`${r.method} ${r.path}`));
  const onlyRun = () => {
    expect(server.store.runs.size).toBe(1);
    return at([...server.store.runs.values()], 0);
  };

  it('pushes an offline run with its times, metrics, artifacts, version and alias; a second sync changes nothing', async () => {
    const local = await trainOffline();
    await expect(sut.sync()).resolves.toMatchObject({ runs: 1, pushed: 1, versions: 1 });
    const run = onlyRun();
    const meta = localMeta(local.experiment.id, local.run.id);
    expect(run.info).toMatchObject({
      status: 'FINISHED',
      start_time: meta['start_time'],
      end_time: meta['end_time'],
      run_name: meta['run_name'],
      user_id: meta['user_id'],
    });
    expect(run.metrics.filter((m) => m.key === 'cv_accuracy')).toEqual(
      localPoints(local.experiment.id, local.run.id),
    );
    expect(run.params.get('model.type')).toBe('random_forest');
    expect(run.tags.get('gatehouse.synced_from')).toBe(local.run.id);
    expect(run.tags.get('gatehouse.offline_fallback')).toBe('true');
    expect(run.tags.get('mlflow.log-model.history')).toContain(`"run_id": "${run.info.run_id}"`);
    const uploaded = [...server.artifacts.files.keys()];
    expect(uploaded).toContain(
      `${run.info.experiment_id}/${run.info.run_id}/artifacts/model/model.json`,
    );
    const mlmodel = server.artifacts.files.get(
      `${run.info.experiment_id}/${run.info.run_id}/artifacts/model/MLmodel`,
    );
    expect(String(mlmodel)).toContain(`run_id: ${run.info.run_id}`);
    const model = server.store.models.get('penguins-test');
    expect(model?.versions).toMatchObject([
      {
        version: '1',
        run_id: run.info.run_id,
        source: `${String(run.info['artifact_uri'])}/model`,
      },
    ]);
    expect(model?.aliases.get('champion')).toBe('1');

    const before = server.requests.length;
    await expect(sut.sync()).resolves.toMatchObject({ runs: 1, pushed: 0, already: 1 });
    expect(writesSince(before)).toEqual([]);
  });

  it('resumes a sync the server interrupted, without a second run, version or metric point', async () => {
    const local = await trainOffline();
    proxy.inject({ path: 'model-versions/create', attempts: [1, 2], fault: 'fail' });
    await expect(sut.sync()).rejects.toThrow(
      /^1 runs could not be pushed:\n {2}- penguins-test\/\S+ \(\w+\): MLflow POST model-versions\/create failed: 500 INTERNAL_ERROR/,
    );
    expect(onlyRun().tags.has('gatehouse.synced_from')).toBe(false);
    proxy.clear();
    await expect(sut.sync()).resolves.toMatchObject({ pushed: 1, versions: 1 });
    const run = onlyRun();
    expect(run.metrics.filter((m) => m.key === 'cv_accuracy')).toEqual(
      localPoints(local.experiment.id, local.run.id),
    );
    expect(server.store.models.get('penguins-test')?.versions).toHaveLength(1);
    const before = server.requests.length;
    await sut.sync();
    expect(writesSince(before)).toEqual([]);
  });

  it('stops when the connection is lost mid-way, and the next sync carries on', async () => {
    await trainOffline();
    proxy.inject({
      method: 'PUT',
      path: '/mlflow-artifacts/',
      attempts: [3, 4],
      fault: 'reset-after',
    });
    await expect(sut.sync()).rejects.toBeInstanceOf(MlflowUnreachableError);
    proxy.clear();
    await expect(sut.sync()).resolves.toMatchObject({ pushed: 1 });
    expect(onlyRun().info.status).toBe('FINISHED');
    expect(server.store.models.get('penguins-test')?.versions).toHaveLength(1);
  });

  it('completes the server run that a mid-run outage left behind instead of making a second one', async () => {
    // Requests 1-4 start the run on the server; then it is gone and the run completes in ./mlruns.
    await trainOffline(5);
    const partial = onlyRun();
    expect(partial.info.status).toBe('RUNNING');
    await expect(sut.sync()).resolves.toMatchObject({ pushed: 1, versions: 1 });
    const run = onlyRun();
    expect(run.info.run_id).toBe(partial.info.run_id);
    expect(run.info.status).toBe('FINISHED');
    expect(server.store.models.get('penguins-test')?.aliases.get('champion')).toBe('1');
  });

  it("pushes the Python client's file store: times, metric history, artifacts, version and alias", async () => {
    cpSync(PYTHON_MLRUNS, sut.path('py-mlruns'), { recursive: true });
    await expect(sut.sync({ from: 'py-mlruns' })).resolves.toMatchObject({
      pushed: 1,
      versions: 1,
    });
    const run = onlyRun();
    expect(run.info).toMatchObject({
      run_name: 'py-file-run',
      start_time: 1796461354853,
      end_time: 1796461355064,
      status: 'FINISHED',
      user_id: 'root',
    });
    expect(run.metrics.filter((m) => m.key === 'loss')).toEqual([
      { key: 'loss', value: 0.9, timestamp: 1796461354863, step: 0 },
      { key: 'loss', value: 0.5, timestamp: 1796461354863, step: 1 },
      { key: 'loss', value: 0.25, timestamp: 1796461354864, step: 2 },
    ]);
    expect(Object.fromEntries(run.params)).toEqual({ solver: 'lbfgs', max_iter: '200' });
    expect(run.tags.get('dataset')).toBe('iris-like');
    expect(run.tags.get('mlflow.log-model.history')).not.toContain(
      'c002e17f73254041b0418cb09ee8167b',
    );
    const root = `${run.info.experiment_id}/${run.info.run_id}/artifacts`;
    expect(server.artifacts.files.get(`${root}/model/model.pkl`)).toEqual(
      readFileSync(
        join(
          PYTHON_MLRUNS,
          '633269569540500632/c002e17f73254041b0418cb09ee8167b/artifacts/model/model.pkl',
        ),
      ),
    );
    expect(String(server.artifacts.files.get(`${root}/notes/readme.txt`))).toBe(
      'tiny text artifact\n',
    );
    const model = server.store.models.get('py-file-model');
    expect(model?.versions).toMatchObject([
      { version: '1', source: `mlflow-artifacts:/${root}/model` },
    ]);
    expect(model?.aliases.get('champion')).toBe('1');
    expect(server.store.experiments.get(run.info.experiment_id)?.name).toBe('py-file-experiment');
  });

  it('needs a tracking server', async () => {
    const local = await PipelineWorkspace.create(fast);
    try {
      await expect(local.sync()).rejects.toThrow(
        'sync pushes ./mlruns to a tracking server: set MLFLOW_TRACKING_URI=http(s)://… (it is unset or a file store)',
      );
    } finally {
      await local.close();
    }
  });
});
