import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { osUser } from '../common/os-user';
import { type RunBatch } from '../mlflow/log-batch-chunks';
import { FileStoreExperiments } from './file-store-experiments';
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

/**
 * Writes runs in MLflow's file-store layout, so `mlflow ui --backend-store-uri ./mlruns` shows
 * them: `<exp>/meta.yaml`, `<exp>/<run>/meta.yaml`, `params/<key>`, `metrics/<key>` (lines of
 * `timestamp value step`), `tags/<key>`, `artifacts/…`, and the registry under `models/`.
 */
export class FileStoreTracker implements MlflowTracker {
  private readonly root: string;
  private readonly registry: FileStoreRegistry;
  private readonly experiments: FileStoreExperiments;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.registry = new FileStoreRegistry(this.root);
    this.experiments = new FileStoreExperiments(this.root, this.target);
  }

  get target(): string {
    return `file store ${this.root}`;
  }

  async startRun(experimentName: string, run: RunSpec): Promise<TrackedRun> {
    const experimentId = await this.experiments.getOrCreate(experimentName);
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
    const dir = await this.experiments.findRun(runId);
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

  /**
   * A version's file. A store written elsewhere (moved, or the Python client's) keeps absolute
   * `file:` sources that no longer point into it: then the file is read from the run in this store.
   */
  async readVersionFile(version: RegisteredVersion, file: string): Promise<Buffer> {
    try {
      return await this.registry.readFile(version, file);
    } catch (error) {
      const marker = version.runId && `/${version.runId}/artifacts`;
      const at = marker ? version.source.indexOf(marker) : -1;
      const run = at >= 0 && version.runId && (await this.experiments.findRun(version.runId));
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !run || !marker) throw error;
      const inside = decodeURIComponent(version.source.slice(at + marker.length));
      return readFile(
        join(run.path, 'artifacts', safeKey(`${inside}/${file}`.replace(/^\/+/, ''), 'artifact')),
      );
    }
  }

  /** MLflow's latest value of a metric file: the largest (step, timestamp). */
  private async latestMetric(path: string): Promise<number | undefined> {
    if (!existsSync(path)) return undefined;
    // Lines are `<timestamp> <value> <step>`; a line without a step counts as step 0.
    const points = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => {
        const [timestamp = Number.NaN, value, step = 0] = line.split(' ').map(Number);
        return { timestamp, value, step };
      });
    points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    return points.at(-1)?.value;
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
