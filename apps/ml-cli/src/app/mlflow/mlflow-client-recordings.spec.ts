import { at as item } from '../../test/at';
import { loadRecording } from '../../test/mlflow-recordings';
import { RecordedMlflowServer } from '../../test/recorded-mlflow-server';
import { MlflowClient } from './mlflow.client';

// The client against what a real MLflow 2.12.2 answered: each test plays recorded exchanges back
// in order, and the client must send exactly those requests (no extra retries) and read the answers.
describe(`${MlflowClient.name} against the recorded MLflow 2.12.2 answers`, () => {
  const failures = loadRecording('mlflow-2.12.2-failures.json').exchanges;
  const rest = loadRecording('mlflow-2.12.2-rest.json').exchanges;
  const at = (note: string) => {
    const found = failures.find((e) => e.note?.startsWith(note));
    if (!found) throw new Error(`no recorded exchange noted "${note}"`);
    return found;
  };
  const gcDownload = at(
    "after `mlflow gc --run-ids 039b677dc4bf42a78d38c961fd28619f` (permanent deletion of the run and its artifacts): downloading the version's file",
  );
  const deletedByName = at('a soft-deleted experiment is still returned by get-by-name');
  let server: RecordedMlflowServer;
  let sut: MlflowClient;

  async function play(...script: typeof failures) {
    server = await RecordedMlflowServer.start(script);
    sut = new MlflowClient({
      trackingUri: server.url,
      timeoutMs: 2000,
      maxRetries: 3,
      retryDelayMs: 1,
    });
  }
  afterEach(() => server.stop());

  it("does not retry the 500 of a garbage-collected version's file: the file is gone for good", async () => {
    await play(gcDownload);
    const error = await sut
      .downloadArtifact(
        'mlflow-artifacts:/2/039b677dc4bf42a78d38c961fd28619f/artifacts/model',
        'model.json',
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, errorCode: 'INTERNAL_ERROR' });
    expect((error as Error).message).toMatch(/No such file or directory/);
    expect(server.unexpected).toEqual([]);
    expect(server.played).toBe(1);
  });

  it('refuses a deleted experiment with what to do, instead of logging into it', async () => {
    await play(deletedByName);
    const error = await sut.getOrCreateExperiment('deleted-experiment').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `MLflow experiment "deleted-experiment" (id 1) at ${server.url} is deleted. ` +
        'Restore it (mlflow experiments restore --experiment-id 1, or in the MLflow UI), ' +
        'or set another "experiment" in the pipeline config: MLflow keeps the name of a ' +
        'deleted experiment until it is removed for good (mlflow gc).',
    );
    expect(server.unexpected).toEqual([]);
  });

  it('reads an alias that is not there (400, for a known or an unknown model) as no version', async () => {
    await play(
      at('alias lookup on a registered model that does not exist'),
      at('alias lookup on a known model with no such alias'),
    );
    expect(await sut.getModelVersionByAlias('no-such-model', 'champion')).toBeUndefined();
    expect(await sut.getModelVersionByAlias('twice-model', 'champion')).toBeUndefined();
    expect(server.unexpected).toEqual([]);
  });

  it('reports the 404 of a garbage-collected run once, without retrying', async () => {
    await play(
      at(
        'after `mlflow gc --run-ids 039b677dc4bf42a78d38c961fd28619f` (permanent deletion of the run and its artifacts): runs/get',
      ),
    );
    await expect(sut.getRun('039b677dc4bf42a78d38c961fd28619f')).rejects.toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
    expect(server.played).toBe(1);
    expect(server.unexpected).toEqual([]);
  });

  it('logs a run the way the recorded one was logged', async () => {
    await play(item(rest, 3), item(rest, 4), item(rest, 5), item(rest, 11));
    const experiment = await sut.getOrCreateExperiment('recorded-experiment');
    const run = await sut.createRun({
      experimentId: experiment.experiment_id,
      startTime: 1764000000000,
      tags: { 'mlflow.source.git.commit': 'abc123' },
    });
    expect(run.info.run_id).toBe('bd41e5023eb647cc80925438e5690b6b');
    await sut.logBatch(run.info.run_id, {
      params: [
        { key: 'model', value: 'random_forest' },
        { key: 'n_estimators', value: '100' },
      ],
      metrics: [
        { key: 'accuracy', value: 0.985, timestamp: 1764000001000, step: 0 },
        { key: 'loss', value: NaN, timestamp: 1764000001000, step: 0 },
      ],
      tags: [{ key: 'data.sha256', value: 'deadbeef' }],
    });
    await sut.updateRun(run.info.run_id, 'FINISHED', 1764000003000);
    expect(server.unexpected).toEqual([]);
    expect(server.played).toBe(4);
  });
});
