import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FileStoreTracker } from './file-store-tracker';

describe(FileStoreTracker.name, () => {
  let dir: string;
  let sut: FileStoreTracker;
  const read = (...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlruns-'));
    sut = new FileStoreTracker(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes MLflow's file-store layout: experiments, run meta, params, metrics, tags, artifacts", async () => {
    const run = await sut.startRun('exp', {
      runName: 'r1',
      startTime: 1000,
      tags: { 'data.sha256': 'abc' },
    });
    await sut.logBatch(run, {
      params: [{ key: 'model.type', value: 'random_forest' }],
      metrics: [
        { key: 'cv_accuracy', value: 0.5, timestamp: 2000, step: 0 },
        { key: 'cv_accuracy', value: 0.75, timestamp: 2000, step: 1 },
        { key: 'loss', value: NaN, timestamp: 2001 },
      ],
    });
    await sut.logArtifact(run, 'model/model.json', '{}');
    await sut.finishRun(run, 'FINISHED', 3000);

    const id = run.experimentId;
    expect(id).toMatch(/^[1-9]\d{17}$/);
    expect(readdirSync(dir).sort()).toEqual(['.trash', '0', id]);
    expect(parse(read('0', 'meta.yaml'))).toMatchObject({ experiment_id: '0', name: 'Default' });
    expect(parse(read(id, 'meta.yaml'))).toEqual({
      artifact_location: `file://${join(dir, id)}`,
      creation_time: expect.any(Number),
      experiment_id: id,
      last_update_time: expect.any(Number),
      lifecycle_stage: 'active',
      name: 'exp',
    });
    expect(parse(read(id, run.runId, 'meta.yaml'))).toMatchObject({
      artifact_uri: `file://${join(dir, id, run.runId, 'artifacts')}`,
      experiment_id: id,
      run_id: run.runId,
      run_uuid: run.runId,
      run_name: 'r1',
      start_time: 1000,
      end_time: 3000,
      status: 3,
      lifecycle_stage: 'active',
      source_type: 4,
    });
    expect(read(id, run.runId, 'params', 'model.type')).toBe('random_forest');
    expect(read(id, run.runId, 'metrics', 'cv_accuracy')).toBe('2000 0.5 0\n2000 0.75 1\n');
    expect(read(id, run.runId, 'metrics', 'loss')).toBe('2001 NaN 0\n');
    expect(read(id, run.runId, 'tags', 'data.sha256')).toBe('abc');
    expect(read(id, run.runId, 'tags', 'mlflow.runName')).toBe('r1');
    expect(read(id, run.runId, 'artifacts', 'model', 'model.json')).toBe('{}');
    expect(await sut.describeRun(run.runId, 'cv_accuracy')).toEqual({
      status: 'FINISHED',
      deleted: false,
      value: 0.75,
    });
    expect(await sut.describeRun('0123456789abcdef0123456789abcdef', 'x')).toBeUndefined();
  });

  it('reuses an experiment by name and refuses to change a logged param', async () => {
    const first = await sut.startRun('exp', { runName: 'a', startTime: 1, tags: {} });
    const second = await sut.startRun('exp', { runName: 'b', startTime: 2, tags: {} });
    expect(second.experimentId).toBe(first.experimentId);
    await sut.logBatch(first, { params: [{ key: 'p', value: '1' }] });
    await sut.logBatch(first, { params: [{ key: 'p', value: '1' }] });
    await expect(sut.logBatch(first, { params: [{ key: 'p', value: '2' }] })).rejects.toThrow(
      /Changing param values is not allowed/,
    );
  });

  it('keeps a registry with numbered versions and aliases, and reads version files back', async () => {
    const run = await sut.startRun('exp', { runName: 'a', startTime: 1, tags: {} });
    await sut.logArtifact(run, 'model/model.json', '{"v":1}');
    const v1 = await sut.registerModelVersion('m', run, 'model');
    const v2 = await sut.registerModelVersion('m', run, 'model');
    expect([v1.version, v2.version]).toEqual(['1', '2']);
    expect(await sut.getVersionByAlias('m', 'champion')).toBeUndefined();
    await sut.setAlias('m', 'champion', '2');
    expect(read('models', 'm', 'aliases', 'champion')).toBe('2');
    expect(parse(read('models', 'm', 'version-2', 'meta.yaml'))).toMatchObject({
      name: 'm',
      version: 2,
      current_stage: 'None',
      status: 'READY',
      run_id: run.runId,
      source: `${run.artifactUri}/model`,
    });
    const champion = await sut.getVersionByAlias('m', 'champion');
    expect(champion).toMatchObject({ version: '2', runId: run.runId });
    expect((await sut.readVersionFile(champion!, 'model.json')).toString()).toBe('{"v":1}');
    await expect(sut.setAlias('m', 'champion', '9')).rejects.toThrow(/version=9\) not found/);
  });
});
