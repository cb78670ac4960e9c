import { existsSync, rmSync } from 'node:fs';
import { at } from '../../test/at';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { type FaultRule, FaultProxy } from '../../test/fault-proxy';
import { PipelineWorkspace, penguinsConfig } from '../../test/pipeline-workspace';
import { MlflowApiError } from '../mlflow/mlflow-api.error';
import { MlflowTimeoutError } from '../mlflow/mlflow-connection.error';
import { MlflowClient, RUN_KEY_TAG } from '../mlflow/mlflow.client';

// train through a proxy that delays, drops or fails one kind of request at a time (every stage of
// a run × every fault), against a server that already has a champion (v1, test_accuracy 0.5).
// Whatever happens: one run, at most one version per run, @champion only on a FINISHED run, and
// either everything (run FINISHED, v2 @champion, models/ written) or nothing new (run FAILED, no
// version, @champion still v1, no models/, nothing left in data/.staging).
const TIMEOUT_MS = 200;
const STAGES = {
  'experiments/create': { method: 'POST', path: 'experiments/create' },
  'runs/create': { method: 'POST', path: 'runs/create' },
  'runs/log-batch': { method: 'POST', path: 'runs/log-batch' },
  'artifact PUT': { method: 'PUT', path: '/mlflow-artifacts/artifacts/' },
  'champion lookup (runs/get)': { method: 'GET', path: 'runs/get' },
  'registered-models/create': { method: 'POST', path: 'registered-models/create' },
  'model-versions/create': { method: 'POST', path: 'model-versions/create' },
  'alias (POST registered-models/alias)': { method: 'POST', path: 'registered-models/alias' },
  'finish (runs/update)': { method: 'POST', path: 'runs/update' },
} as const;
type Stage = keyof typeof STAGES;
const FAULTS = {
  'delay #1': { attempts: [1], fault: 'delay', delayMs: TIMEOUT_MS * 3 },
  'delay ×2': { attempts: [1, 2], fault: 'delay', delayMs: TIMEOUT_MS * 3 },
  'reset after #1': { attempts: [1], fault: 'reset-after' },
  'reset before #1': { attempts: [1], fault: 'reset-before' },
  '500 #1': { attempts: [1], fault: 'fail' },
  '500 ×2': { attempts: [1, 2], fault: 'fail' },
} as const;
type Fault = keyof typeof FAULTS;
type Outcome = 'published' | 'MlflowApiError' | 'MlflowTimeoutError';

/** Every fault a retry or a check for what landed can absorb ends published; the rest fail whole. */
function expected(stage: Stage, fault: Fault): Outcome {
  // The registered model exists already (v1): the check after a failed create finds it.
  if (stage === 'registered-models/create') return 'published';
  if (fault === '500 ×2') return 'MlflowApiError';
  // A create that timed out twice had landed: the check after each attempt finds it.
  const creates = [
    'experiments/create',
    'runs/create',
    'registered-models/create',
    'model-versions/create',
  ];
  if (fault === 'delay ×2' && !creates.includes(stage)) return 'MlflowTimeoutError';
  return 'published';
}

describe('train × every fault at every stage', () => {
  let proxy: FaultProxy;
  let server: FakeMlflowServer;
  let sut: PipelineWorkspace;

  beforeAll(async () => {
    server = await FakeMlflowServer.start();
    proxy = await FaultProxy.start(server.url);
    sut = await PipelineWorkspace.create(
      penguinsConfig({
        model: { type: 'random_forest', params: { nEstimators: 3, seed: 42, nWorkers: 1 } },
        cv: { folds: 0 },
      }),
      {
        MLFLOW_TRACKING_URI: proxy.url,
        MLFLOW_TIMEOUT_MS: String(TIMEOUT_MS),
        MLFLOW_MAX_RETRIES: '1',
      },
    );
    await sut.dataset();
    await sut.features();
  });
  afterAll(async () => {
    await sut.close();
    await proxy.stop();
    await server.stop();
  });

  /** A fresh server with a champion v1 scoring 0.5 (none when the experiment must not exist yet). */
  async function freshServer(withChampion: boolean): Promise<void> {
    await server.stop();
    server = await FakeMlflowServer.start();
    proxy.retarget(server.url);
    proxy.clear();
    for (const output of ['models', 'reports'])
      rmSync(sut.path(output), { recursive: true, force: true });
    if (!withChampion) return;
    const direct = new MlflowClient({ trackingUri: server.url, timeoutMs: 2000, maxRetries: 0 });
    const experiment = await direct.getOrCreateExperiment('penguins-test');
    const run = await direct.createRun({ experimentId: experiment.experiment_id, startTime: 1 });
    const id = run.info.run_id;
    await direct.logBatch(id, { metrics: [{ key: 'test_accuracy', value: 0.5, timestamp: 1 }] });
    await direct.updateRun(id, 'FINISHED', 2);
    await direct.ensureRegisteredModel('penguins-test');
    await direct.createModelVersion('penguins-test', `${run.info.artifact_uri}/model`, id);
    await direct.setAlias('penguins-test', 'champion', '1');
  }

  const cells = Object.keys(STAGES).flatMap((stage) =>
    Object.keys(FAULTS).map(
      (fault) =>
        [stage as Stage, fault as Fault, expected(stage as Stage, fault as Fault)] as const,
    ),
  );

  it.each(cells)('%s × %s → %s', async (stage, fault, outcome) => {
    const seeded = stage !== 'experiments/create';
    await freshServer(seeded);
    const rule: FaultRule = { ...STAGES[stage], ...FAULTS[fault] };
    proxy.inject(rule);
    const error = await sut.train().catch((e: unknown) => e);
    expect(proxy.fired.length).toBeGreaterThan(0);

    // No duplicates: one run of this train, at most one version per run.
    const runs = [...server.store.runs.values()].filter(
      (r) => r.tags.has(RUN_KEY_TAG) && r.info['start_time'] !== 1,
    );
    const model = server.store.models.get('penguins-test');
    const versions = model?.versions ?? [];
    const perRun = new Map<string, number>();
    for (const v of versions) perRun.set(v.run_id, (perRun.get(v.run_id) ?? 0) + 1);
    expect([...perRun.values()].every((n) => n === 1)).toBe(true);
    // @champion only ever on a FINISHED run.
    const champion = versions.find((v) => v.version === model?.aliases.get('champion'));
    if (champion) expect(server.store.runs.get(champion.run_id)?.info.status).toBe('FINISHED');
    expect(existsSync(sut.path('data/.staging'))).toBe(false);

    if (outcome === 'published') {
      expect(error).toMatchObject({ champion: true });
      expect(runs).toHaveLength(1);
      expect(at(runs, 0).info.status).toBe('FINISHED');
      expect(champion?.run_id).toBe(at(runs, 0).info.run_id);
      expect(sut.json('models/run.json')).toMatchObject({
        run: { id: at(runs, 0).info.run_id },
        champion: true,
      });
      return;
    }
    expect(error).toBeInstanceOf(
      outcome === 'MlflowApiError' ? MlflowApiError : MlflowTimeoutError,
    );
    if (outcome === 'MlflowApiError')
      expect(error).toMatchObject({ status: 500, errorCode: 'INTERNAL_ERROR' });
    expect(runs.length).toBeLessThanOrEqual(1);
    for (const run of runs) {
      expect(run.info.status).toBe('FAILED');
      expect(perRun.has(run.info.run_id)).toBe(false);
    }
    expect(model?.aliases.get('champion')).toBe(seeded ? '1' : undefined);
    expect(existsSync(sut.path('models'))).toBe(false);
    expect(existsSync(sut.path('reports'))).toBe(false);
  });
});
