import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { FaultProxy } from '../../test/fault-proxy';
import { MlflowClient } from './mlflow.client';

// The client through a proxy that delays, drops and fails chosen requests on their way to the
// fake server: what was created must exist exactly once, and each failure must say what it was.
describe(`${MlflowClient.name} through a faulty network`, () => {
  const TIMEOUT_MS = 300;
  let server: FakeMlflowServer;
  let proxy: FaultProxy;
  let sut: MlflowClient;

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
    proxy = await FaultProxy.start(server.url);
    sut = new MlflowClient({
      trackingUri: proxy.url,
      timeoutMs: TIMEOUT_MS,
      maxRetries: 2,
      retryDelayMs: 1,
    });
  });
  afterEach(async () => {
    await proxy.stop();
    await server.stop();
  });

  async function newRun() {
    const experiment = await sut.getOrCreateExperiment('exp');
    return sut.createRun({ experimentId: experiment.experiment_id, startTime: 1 });
  }
  const versionsOf = (name: string) => server.store.models.get(name)?.versions ?? [];

  it('creates one model version when the answer to the first create came too late', async () => {
    const run = await newRun();
    await sut.ensureRegisteredModel('m');
    proxy.inject({
      method: 'POST',
      path: 'model-versions/create',
      attempts: [1],
      fault: 'delay',
      delayMs: TIMEOUT_MS * 3,
    });
    const version = await sut.createModelVersion(
      'm',
      `${run.info.artifact_uri}/model`,
      run.info.run_id,
    );
    expect(proxy.fired).toEqual(['delay POST /api/2.0/mlflow/model-versions/create #1']);
    expect(version.version).toBe('1');
    expect(versionsOf('m')).toHaveLength(1);
  });

  it('creates one model version when the connection was reset after the server acted', async () => {
    const run = await newRun();
    await sut.ensureRegisteredModel('m');
    proxy.inject({ path: 'model-versions/create', attempts: [1], fault: 'reset-after' });
    await sut.createModelVersion('m', `${run.info.artifact_uri}/model`, run.info.run_id);
    expect(versionsOf('m')).toHaveLength(1);
  });

  it('retries a create that never reached the server', async () => {
    const run = await newRun();
    await sut.ensureRegisteredModel('m');
    proxy.inject({ path: 'model-versions/create', attempts: [1, 2], fault: 'reset-before' });
    await expect(
      sut.createModelVersion('m', `${run.info.artifact_uri}/model`, run.info.run_id),
    ).resolves.toMatchObject({ version: '1' });
    expect(versionsOf('m')).toHaveLength(1);
  });

  it('creates one run when the answer to runs/create came too late', async () => {
    const experiment = await sut.getOrCreateExperiment('exp');
    proxy.inject({ path: 'runs/create', attempts: [1], fault: 'delay', delayMs: TIMEOUT_MS * 3 });
    const run = await sut.createRun({ experimentId: experiment.experiment_id, startTime: 1 });
    expect(server.store.runs.size).toBe(1);
    expect(server.store.runs.has(run.info.run_id)).toBe(true);
  });

  it('creates one experiment when the connection dropped after experiments/create', async () => {
    proxy.inject({ path: 'experiments/create', attempts: [1], fault: 'reset-after' });
    await sut.getOrCreateExperiment('exp');
    expect([...server.store.experiments.values()].map((e) => e.name)).toEqual(['Default', 'exp']);
  });

  it('gives up on a create the server keeps failing, with its error, having created nothing', async () => {
    const run = await newRun();
    await sut.ensureRegisteredModel('m');
    proxy.inject({ path: 'model-versions/create', attempts: [1, 2, 3], fault: 'fail' });
    await expect(
      sut.createModelVersion('m', `${run.info.artifact_uri}/model`, run.info.run_id),
    ).rejects.toThrow(
      /^MLflow POST model-versions\/create failed: 500 INTERNAL_ERROR: injected by the fault proxy$/,
    );
    expect(versionsOf('m')).toHaveLength(0);
  });

  it('reports a server that answers too late as a timeout, not as unreachable', async () => {
    proxy.inject({
      path: 'runs/get',
      attempts: [1, 2, 3],
      fault: 'delay',
      delayMs: TIMEOUT_MS * 3,
    });
    const error = await sut.getRun('x').catch((e: unknown) => e);
    expect((error as Error).name).toBe('MlflowTimeoutError');
    expect((error as Error).message).toBe(
      `MLflow tracking server at ${proxy.url} did not answer GET runs/get within ${TIMEOUT_MS} ms (3 attempts)`,
    );
  });

  it('reports connections reset on every attempt as unreachable', async () => {
    proxy.inject({ path: 'runs/get', attempts: [1, 2, 3], fault: 'reset-before' });
    const error = await sut.getRun('x').catch((e: unknown) => e);
    expect((error as Error).name).toBe('MlflowUnreachableError');
    expect((error as Error).message).toMatch(
      /^MLflow tracking server at http:\/\/127\.0\.0\.1:\d+ is unreachable \(.+\) after 3 attempts$/,
    );
  });
});
