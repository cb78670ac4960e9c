import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PYTHON_MLRUNS } from '../../test/mlflow-recordings';
import { MlflowExperimentDeletedError } from '../mlflow/mlflow-experiment-deleted.error';
import { FileStoreTracker } from './file-store-tracker';

// ml-cli and MLflow's own Python client writing to the same ./mlruns in turn, starting from the
// store the Python client wrote (fixtures/mlflow-2.12.2/python-client/mlruns, copied per test).
describe(`${FileStoreTracker.name} on a store written by MLflow's Python client`, () => {
  const PY_EXPERIMENT = '633269569540500632';
  const PY_RUN = 'c002e17f73254041b0418cb09ee8167b';
  let dir: string;
  let sut: FileStoreTracker;
  const meta = (...parts: string[]) =>
    parse(readFileSync(join(dir, ...parts, 'meta.yaml'), 'utf8')) as Record<string, unknown>;
  const spec = (runName: string) => ({ runName, startTime: 1796461400000, tags: {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'py-mlruns-'));
    cpSync(PYTHON_MLRUNS, dir, { recursive: true });
    sut = new FileStoreTracker(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("gives new experiments random 18-digit ids, as strings, next to the Python client's", async () => {
    const a = await sut.startRun('ml-a', spec('a'));
    const b = await sut.startRun('ml-b', spec('b'));
    for (const id of [a.experimentId, b.experimentId]) {
      expect(id).toMatch(/^[1-9]\d{17}$/);
      expect(readFileSync(join(dir, id, 'meta.yaml'), 'utf8')).toMatch(
        new RegExp(`experiment_id: ("|')${id}\\1`),
      );
    }
    expect(new Set([a.experimentId, b.experimentId, PY_EXPERIMENT]).size).toBe(3);
    expect(meta(PY_EXPERIMENT)).toMatchObject({
      experiment_id: PY_EXPERIMENT,
      name: 'py-file-experiment',
    });
  });

  it("logs into the Python client's experiment under its exact id, with the run files MLflow writes", async () => {
    const run = await sut.startRun('py-file-experiment', spec('ml-run'));
    await sut.finishRun(run, 'FINISHED', 1796461500000);
    expect(run.experimentId).toBe(PY_EXPERIMENT);
    expect(Object.keys(meta(PY_EXPERIMENT, run.runId)).sort()).toEqual(
      Object.keys(meta(PY_EXPERIMENT, PY_RUN)).sort(),
    );
    expect(meta(PY_EXPERIMENT, run.runId)).toMatchObject({
      experiment_id: PY_EXPERIMENT,
      status: 3,
      source_type: 4,
      tags: [],
    });
  });

  it("reads the Python client's champion, whose files live at another absolute path, and takes over its alias", async () => {
    const champion = await sut.getVersionByAlias('py-file-model', 'champion');
    expect(champion).toMatchObject({ version: '1', runId: PY_RUN });
    const mlmodel = await sut.readVersionFile(champion!, 'MLmodel');
    expect(mlmodel.toString()).toContain(`run_id: ${PY_RUN}`);
    expect(await sut.describeRun(PY_RUN, 'accuracy')).toEqual({
      status: 'FINISHED',
      deleted: false,
      value: 1,
    });
    const run = await sut.startRun('py-file-experiment', spec('ml-run'));
    await sut.logArtifact(run, 'model/model.json', '{}');
    const v2 = await sut.registerModelVersion('py-file-model', run, 'model');
    await sut.setAlias('py-file-model', 'champion', v2.version);
    expect(v2.version).toBe('2');
    expect(readFileSync(join(dir, 'models/py-file-model/aliases/champion'), 'utf8')).toBe('2');
    expect(meta('models/py-file-model')['aliases']).toEqual({ champion: '2' });
  });

  it('refuses a name held by an experiment in .trash, saying how to restore it, and never reuses its id', async () => {
    const run = await sut.startRun('to-delete', spec('r'));
    // What `mlflow experiments delete` does in a file store.
    await mkdir(join(dir, '.trash'), { recursive: true });
    renameSync(join(dir, run.experimentId), join(dir, '.trash', run.experimentId));
    const error = await sut.startRun('to-delete', spec('again')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowExperimentDeletedError);
    expect((error as Error).message).toContain(
      `MLflow experiment "to-delete" (id ${run.experimentId}) at file store ${dir} is deleted. Restore it (mlflow experiments restore --experiment-id ${run.experimentId}`,
    );
    expect(existsSync(join(dir, run.experimentId))).toBe(false);
    expect(await sut.describeRun(run.runId, 'x')).toMatchObject({ deleted: true });
  });
});
