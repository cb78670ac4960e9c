import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type MetricPoint } from '../mlflow/log-batch-chunks';
import { type MlflowKeyValue } from '../mlflow/mlflow-rest.types';
import { FileStoreExperiments } from '../tracking/file-store-experiments';
import { readMeta } from '../tracking/file-store-yaml';

/** RunStatus codes of a file store's run meta.yaml. */
const STATUS = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

export interface LocalRun {
  readonly experimentName: string;
  readonly runId: string;
  readonly runName: string;
  readonly status: string;
  readonly deleted: boolean;
  readonly startTime: number;
  readonly endTime?: number;
  readonly userId?: string;
  readonly dir: string;
}

export interface LocalRunContent {
  readonly params: MlflowKeyValue[];
  readonly tags: MlflowKeyValue[];
  /** Every point of every metric, with its original timestamp and step. */
  readonly metrics: MetricPoint[];
  /** Artifact files, relative to the run's artifacts/ directory. */
  readonly artifacts: string[];
}

export interface LocalVersion {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly aliases: string[];
}

interface RunMeta {
  readonly run_id: string;
  readonly run_name?: string;
  readonly status?: number;
  readonly lifecycle_stage?: string;
  readonly start_time?: number;
  readonly end_time?: number | null;
  readonly user_id?: string;
}

/** Reads what MLflow's file store holds (written by ml-cli or by MLflow's Python client). */
export class LocalStoreReader {
  private readonly experiments: FileStoreExperiments;

  constructor(readonly root: string) {
    this.experiments = new FileStoreExperiments(root, `file store ${root}`);
  }

  /** Runs of live experiments (experiments in .trash are left alone), oldest first. */
  async runs(): Promise<LocalRun[]> {
    const runs: LocalRun[] = [];
    for (const id of await this.experiments.ids()) {
      const experiment = await readMeta<{ name: string; lifecycle_stage?: string }>(
        join(this.root, id),
      );
      if (!experiment || experiment.lifecycle_stage === 'deleted') continue;
      for (const entry of await readdir(join(this.root, id), { withFileTypes: true })) {
        const dir = join(this.root, id, entry.name);
        const meta = entry.isDirectory() ? await readMeta<RunMeta>(dir) : undefined;
        if (!meta?.run_id) continue;
        runs.push({
          experimentName: experiment.name,
          runId: meta.run_id,
          runName: meta.run_name ?? meta.run_id,
          status: STATUS[meta.status ?? 1] || 'RUNNING',
          deleted: meta.lifecycle_stage === 'deleted',
          startTime: Number(meta.start_time ?? 0),
          ...(meta.end_time != null && { endTime: Number(meta.end_time) }),
          ...(meta.user_id && { userId: meta.user_id }),
          dir,
        });
      }
    }
    return runs.sort((a, b) => a.startTime - b.startTime);
  }

  async content(run: LocalRun): Promise<LocalRunContent> {
    const params = await this.keyValues(join(run.dir, 'params'));
    const tags = await this.keyValues(join(run.dir, 'tags'));
    const metrics: MetricPoint[] = [];
    for (const file of await filesUnder(join(run.dir, 'metrics'))) {
      const key = relative(join(run.dir, 'metrics'), file).split('\\').join('/');
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        const [timestamp, value, step] = line.trim().split(' ');
        if (!timestamp) continue;
        metrics.push({
          key,
          value: Number(value),
          timestamp: Number(timestamp),
          step: Number(step ?? 0),
        });
      }
    }
    const artifactsDir = join(run.dir, 'artifacts');
    const artifacts = (await filesUnder(artifactsDir)).map((f) =>
      relative(artifactsDir, f).split('\\').join('/'),
    );
    return { params, tags, metrics, artifacts };
  }

  /** The registered versions made from `runId`, with the aliases pointing at each. */
  async versionsOf(runId: string): Promise<LocalVersion[]> {
    const modelsDir = join(this.root, 'models');
    const found: LocalVersion[] = [];
    for (const model of await readdir(modelsDir).catch(() => [] as string[])) {
      const aliases = await this.aliases(join(modelsDir, model));
      for (const entry of await readdir(join(modelsDir, model)).catch(() => [] as string[])) {
        if (!/^version-\d+$/.test(entry)) continue;
        const meta = await readMeta<{
          name: string;
          version: number;
          source: string;
          run_id?: string;
          current_stage?: string;
        }>(join(modelsDir, model, entry));
        if (!meta || meta.run_id !== runId || meta.current_stage === 'Deleted_Internal') continue;
        const version = String(meta.version);
        found.push({
          name: meta.name,
          version,
          source: meta.source,
          aliases: [...aliases].filter(([, v]) => v === version).map(([alias]) => alias),
        });
      }
    }
    return found;
  }

  private async aliases(modelDir: string): Promise<Map<string, string>> {
    const dir = join(modelDir, 'aliases');
    const out = new Map<string, string>();
    for (const alias of await readdir(dir).catch(() => [] as string[])) {
      out.set(alias, (await readFile(join(dir, alias), 'utf8')).trim());
    }
    return out;
  }

  /** `params/`, `tags/`: one file per key, keys with `/` as sub-directories. */
  private async keyValues(dir: string): Promise<MlflowKeyValue[]> {
    const out: MlflowKeyValue[] = [];
    for (const file of await filesUnder(dir)) {
      out.push({
        key: relative(dir, file).split('\\').join('/'),
        value: await readFile(file, 'utf8'),
      });
    }
    return out;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
