import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { osUser } from '../common/os-user';
import { type RunBatch } from '../mlflow/log-batch-chunks';
import { FileStoreRegistry } from './file-store-registry';
import { readMeta, safeKey, writeMeta } from './file-store-yaml';
import {
  type MlflowTracker,
  type RegisteredVersion,
  type RunEndStatus,
  type RunSpec,
  type RunState,
  type TrackedRun,
} from './mlflow-tracker';

/** RunStatus as MLflow's file store saves it in a run's meta.yaml. */
const RUN_STATUS = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;
const SOURCE_TYPE_LOCAL = 4;
const RESERVED = new Set(['.trash', 'models']);

interface ExperimentMeta {
  readonly experiment_id: string;
  readonly name: string;
  readonly lifecycle_stage: string;
}

/**
 * Writes runs in MLflow's file-store layout, so `mlflow ui --backend-store-uri ./mlruns` shows
 * them: `<exp>/meta.yaml`, `<exp>/<run>/meta.yaml`, `params/<key>`, `metrics/<key>` (lines of
 * `timestamp value step`), `tags/<key>`, `artifacts/…`, and the registry under `models/`.
 */
export class FileStoreTracker implements MlflowTracker {
  private readonly root: string;
  private readonly registry: FileStoreRegistry;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.registry = new FileStoreRegistry(this.root);
  }

  get target(): string {
    return `file store ${this.root}`;
  }

  async startRun(experimentName: string, run: RunSpec): Promise<TrackedRun> {
    const experimentId = await this.getOrCreateExperiment(experimentName);
    const runId = randomUUID().replace(/-/g, '');
    const runDir = join(this.root, experimentId, runId);
    const artifactUri = pathToFileURL(join(runDir, 'artifacts')).href;
    for (const sub of ['metrics', 'params', 'tags', 'artifacts'])
      await mkdir(join(runDir, sub), { recursive: true });
    const tracked = { runId, runName: run.runName, experimentId, experimentName, artifactUri };
    const user = run.userId ?? osUser();
    await writeMeta(runDir, this.runMeta(tracked, run.startTime, 'RUNNING', null, user));
    await this.logBatch(tracked, {
      tags: Object.entries({ ...run.tags, 'mlflow.runName': run.runName }).map(([key, value]) => ({
        key,
        value,
      })),
    });
    return tracked;
  }

  async logBatch(run: TrackedRun, batch: RunBatch): Promise<void> {
    const runDir = join(this.root, run.experimentId, run.runId);
    for (const { key, value } of batch.params ?? []) {
      const path = join(runDir, 'params', safeKey(key, 'param'));
      const previous = existsSync(path) ? await readFile(path, 'utf8') : undefined;
      if (previous !== undefined && previous !== value) {
        throw new Error(
          `Changing param values is not allowed: ${key} was "${previous}", now "${value}"`,
        );
      }
      await this.write(path, value);
    }
    for (const { key, value } of batch.tags ?? []) {
      await this.write(join(runDir, 'tags', safeKey(key, 'tag')), value);
    }
    for (const { key, value, timestamp, step = 0 } of batch.metrics ?? []) {
      const path = join(runDir, 'metrics', safeKey(key, 'metric'));
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${timestamp} ${String(value)} ${step}\n`);
    }
  }

  async logArtifact(run: TrackedRun, path: string, content: string | Uint8Array): Promise<void> {
    const target = join(
      this.root,
      run.experimentId,
      run.runId,
      'artifacts',
      safeKey(path, 'artifact'),
    );
    await this.write(target, content);
  }

  async finishRun(run: TrackedRun, status: RunEndStatus, endTime: number): Promise<void> {
    const runDir = join(this.root, run.experimentId, run.runId);
    const meta = await readMeta<{ start_time: number; user_id?: string }>(runDir);
    await writeMeta(
      runDir,
      this.runMeta(run, meta?.start_time ?? endTime, status, endTime, meta?.user_id ?? osUser()),
    );
  }

  registerModelVersion(
    name: string,
    run: TrackedRun,
    artifactPath: string,
  ): Promise<RegisteredVersion> {
    return this.registry.createVersion(name, `${run.artifactUri}/${artifactPath}`, run.runId);
  }

  getVersion(name: string, version: string): Promise<RegisteredVersion | undefined> {
    return this.registry.getVersion(name, version);
  }

  getVersionByAlias(name: string, alias: string): Promise<RegisteredVersion | undefined> {
    return this.registry.getVersionByAlias(name, alias);
  }

  setAlias(name: string, alias: string, version: string): Promise<void> {
    return this.registry.setAlias(name, alias, version);
  }

  deleteVersion(name: string, version: string): Promise<void> {
    return this.registry.deleteVersion(name, version);
  }

  deleteAlias(name: string, alias: string): Promise<void> {
    return this.registry.deleteAlias(name, alias);
  }

  /** Looks in live experiments only: a run whose experiment is in .trash counts as deleted. */
  async describeRun(runId: string, metricKey: string): Promise<RunState | undefined> {
    const dir = await this.findRunDir(runId);
    if (!dir) return undefined;
    const meta = await readMeta<{ status?: number; lifecycle_stage?: string }>(dir.path);
    const status =
      Object.entries(RUN_STATUS).find(([, code]) => code === meta?.status)?.[0] ?? 'RUNNING';
    const value = await this.latestMetric(join(dir.path, 'metrics', safeKey(metricKey, 'metric')));
    return {
      status,
      deleted: dir.trashed || meta?.lifecycle_stage === 'deleted',
      ...(value !== undefined && { value }),
    };
  }

  readVersionFile(version: RegisteredVersion, file: string): Promise<Buffer> {
    return this.registry.readFile(version, file);
  }

  private async getOrCreateExperiment(name: string): Promise<string> {
    await this.ensureRoot();
    for (const id of await this.experimentIds()) {
      const meta = await readMeta<ExperimentMeta>(join(this.root, id));
      if (meta?.name === name && meta.lifecycle_stage === 'active')
        return String(meta.experiment_id);
    }
    return this.createExperiment(name);
  }

  /** The run's directory: under a live experiment, else under one in .trash. */
  private async findRunDir(runId: string): Promise<{ path: string; trashed: boolean } | undefined> {
    for (const trashed of [false, true]) {
      const base = trashed ? join(this.root, '.trash') : this.root;
      for (const id of await this.experimentIds(base)) {
        const path = join(base, id, safeKey(runId, 'run id'));
        if (existsSync(join(path, 'meta.yaml'))) return { path, trashed };
      }
    }
    return undefined;
  }

  /** MLflow's latest value of a metric file: the largest (step, timestamp). */
  private async latestMetric(path: string): Promise<number | undefined> {
    if (!existsSync(path)) return undefined;
    const points = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number));
    points.sort((a, b) => (a[2] ?? 0) - (b[2] ?? 0) || a[0] - b[0]);
    return points.at(-1)?.[1];
  }

  private async createExperiment(name: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const ids = (await this.experimentIds()).map(Number).filter(Number.isInteger);
      const id = String(Math.max(0, ...ids) + 1);
      try {
        await mkdir(join(this.root, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
        throw error;
      }
      await this.writeExperimentMeta(id, name);
      return id;
    }
  }

  /** A new store gets the Default experiment 0 and a `.trash` folder, as MLflow creates them. */
  private async ensureRoot(): Promise<void> {
    await mkdir(join(this.root, '.trash'), { recursive: true });
    if (!existsSync(join(this.root, '0', 'meta.yaml'))) {
      await mkdir(join(this.root, '0'), { recursive: true });
      await this.writeExperimentMeta('0', 'Default');
    }
  }

  private async writeExperimentMeta(id: string, name: string): Promise<void> {
    const now = Date.now();
    await writeMeta(join(this.root, id), {
      artifact_location: pathToFileURL(join(this.root, id)).href,
      creation_time: now,
      experiment_id: id,
      last_update_time: now,
      lifecycle_stage: 'active',
      name,
    });
  }

  private async experimentIds(base = this.root): Promise<string[]> {
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && !RESERVED.has(e.name)).map((e) => e.name);
  }

  /** A run's meta.yaml, with the keys MLflow 2.12's file store writes. */
  private runMeta(
    run: TrackedRun,
    startTime: number,
    status: keyof typeof RUN_STATUS,
    endTime: number | null,
    user: string,
  ) {
    return {
      artifact_uri: run.artifactUri,
      end_time: endTime,
      entry_point_name: '',
      experiment_id: run.experimentId,
      lifecycle_stage: 'active',
      run_id: run.runId,
      run_name: run.runName,
      run_uuid: run.runId,
      source_name: '',
      source_type: SOURCE_TYPE_LOCAL,
      source_version: '',
      start_time: startTime,
      status: RUN_STATUS[status],
      tags: [],
      user_id: user,
    };
  }

  private async write(path: string, content: string | Uint8Array): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}
