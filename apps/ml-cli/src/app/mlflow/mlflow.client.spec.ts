import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { MlflowApiError } from './mlflow-api.error';
import { MlflowTimeoutError, MlflowUnreachableError } from './mlflow-connection.error';
import { MlflowClient } from './mlflow.client';

describe(MlflowClient.name, () => {
  let server: FakeMlflowServer;
  let sut: MlflowClient;
  const client = (overrides: Partial<ConstructorParameters<typeof MlflowClient>[0]> = {}) =>
    new MlflowClient({
      trackingUri: server.url,
      timeoutMs: 2000,
      maxRetries: 2,
      retryDelayMs: 1,
      ...overrides,
    });

  beforeEach(async () => {
    server = await FakeMlflowServer.start();
    sut = client();
  });
  afterEach(() => server.stop());

  async function newRun() {
    const experiment = await sut.getOrCreateExperiment('exp');
    return sut.createRun({
      experimentId: experiment.experiment_id,
      startTime: 1,
      tags: { a: 'b' },
    });
  }

  it('creates a missing experiment after get-by-name answers 404, and reuses it afterwards', async () => {
    const created = await sut.getOrCreateExperiment('exp');
    const again = await sut.getOrCreateExperiment('exp');
    expect(again.experiment_id).toBe(created.experiment_id);
    expect(server.calls('experiments/create')).toHaveLength(1);
    expect(await sut.getExperimentByName('nope')).toBeUndefined();
  });

  it('tolerates an experiment created concurrently (RESOURCE_ALREADY_EXISTS)', async () => {
    server.fail('experiments/get-by-name', {
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'x' },
    });
    server.experiments.create({ name: 'exp' });
    await expect(sut.getOrCreateExperiment('exp')).resolves.toMatchObject({ name: 'exp' });
  });

  it('logs thousands of metrics in chunks the server accepts, NaN included', async () => {
    const run = await newRun();
    const metrics = Array.from({ length: 2345 }, (_, i) => ({
      key: `m${i % 7}`,
      value: i === 3 ? NaN : i,
      timestamp: 10,
      step: i,
    }));
    const params = Array.from({ length: 130 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    const requests = await sut.logBatch(run.info.run_id, { metrics, params });
    expect(requests).toBe(3);
    expect(server.calls('runs/log-batch')).toHaveLength(3);
    const stored = server.store.runs.get(run.info.run_id);
    expect(stored?.metrics).toHaveLength(2345);
    expect(stored?.params.size).toBe(130);
    expect(Number.isNaN(stored && at(stored.metrics, 3).value)).toBe(true);
    const sent = server
      .calls('runs/log-batch')
      .flatMap((r) => (r.body as { metrics?: { value: unknown }[] }).metrics ?? []);
    expect(at(sent, 3).value).toBe('NaN');
  });

  it('maps MLflow error bodies to typed errors', async () => {
    const run = await newRun();
    await sut.logBatch(run.info.run_id, { params: [{ key: 'model', value: 'rf' }] });
    const error = await sut
      .logBatch(run.info.run_id, { params: [{ key: 'model', value: 'lr' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect(error).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect((error as Error).message).toMatch(
      /POST runs\/log-batch failed: 400 INVALID_PARAMETER_VALUE: Changing param values/,
    );
    await expect(sut.getRun('0000')).rejects.toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
  });

  it('turns a non-MLflow answer (the HTML 404 of a removed endpoint) into HTTP_404', async () => {
    const old = new MlflowClient({
      trackingUri: `${server.url}/not-mlflow`,
      timeoutMs: 1000,
      maxRetries: 0,
    });
    await expect(old.getRun('x')).rejects.toMatchObject({ status: 404, errorCode: 'HTTP_404' });
  });

  it('uploads and downloads artifacts through the proxy, and finishes the run', async () => {
    const run = await newRun();
    await sut.uploadArtifact(run.info.artifact_uri, 'model/model.json', '{"a":1}');
    expect(at(server.calls('/mlflow-artifacts/artifacts/'), 0).path).toBe(
      `/api/2.0/mlflow-artifacts/artifacts/${run.info.experiment_id}/${run.info.run_id}/artifacts/model/model.json`,
    );
    expect(
      (await sut.downloadArtifact(`${run.info.artifact_uri}/model`, 'model.json')).toString(),
    ).toBe('{"a":1}');
    const info = await sut.updateRun(run.info.run_id, 'FINISHED', 99);
    expect(info).toMatchObject({ status: 'FINISHED', end_time: 99 });
  });

  it('registers versions and reads aliases, an unknown alias (400) being undefined', async () => {
    const run = await newRun();
    await sut.ensureRegisteredModel('m');
    await sut.ensureRegisteredModel('m');
    const version = await sut.createModelVersion(
      'm',
      `${run.info.artifact_uri}/model`,
      run.info.run_id,
    );
    expect(version.version).toBe('1');
    expect(await sut.getModelVersionByAlias('m', 'champion')).toBeUndefined();
    expect(await sut.getModelVersionByAlias('unknown-model', 'champion')).toBeUndefined();
    await sut.setAlias('m', 'champion', '1');
    expect(await sut.getModelVersionByAlias('m', 'champion')).toMatchObject({
      version: '1',
      aliases: ['champion'],
    });
    expect(await sut.getModelVersion('m', '7')).toBeUndefined();
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    server.fail('experiments/get-by-name', {
      status: 503,
      body: { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' },
    });
    server.fail('experiments/create', 'reset');
    await expect(sut.getOrCreateExperiment('exp')).resolves.toMatchObject({ name: 'exp' });
    expect(server.calls('experiments/get-by-name').length).toBeGreaterThanOrEqual(3);
  });

  it('gives up after the retries with the last server error', async () => {
    server.fail(
      'runs/get',
      { status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'boom' } },
      10,
    );
    await expect(sut.getRun('x')).rejects.toMatchObject({
      status: 500,
      errorCode: 'INTERNAL_ERROR',
    });
    expect(server.calls('runs/get')).toHaveLength(3);
  });

  it('times out a request that never answers', async () => {
    server.fail('runs/get', 'hang', 10);
    const impatient = client({ timeoutMs: 100, maxRetries: 1 });
    const error = await impatient.getRun('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowTimeoutError);
    expect((error as Error).message).toMatch(
      /did not answer GET runs\/get within 100 ms \(2 attempts\)$/,
    );
  });

  it('reports an unreachable server clearly', async () => {
    const url = server.url;
    await server.stop();
    const error = await new MlflowClient({
      trackingUri: url,
      timeoutMs: 500,
      maxRetries: 1,
      retryDelayMs: 1,
    })
      .getExperimentByName('exp')
      .catch((e: unknown) => e);
    server = await FakeMlflowServer.start();
    expect(error).toBeInstanceOf(MlflowUnreachableError);
    expect((error as Error).message).toContain(
      `MLflow tracking server at ${url} is unreachable (ECONNREFUSED)`,
    );
  });

  it('sends JSON with its content type and a bearer token when configured', async () => {
    const authed = client({ token: 'secret-token' });
    await authed.getOrCreateExperiment('exp');
    expect(at(server.calls('experiments/create'), 0).contentType).toBe('application/json');
  });
});
