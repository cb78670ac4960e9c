import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MlflowExperimentDeletedError } from '../mlflow/mlflow-experiment-deleted.error';
import { readMeta, safeKey, writeMeta } from './file-store-yaml';

/** Folders of a file store that are not experiments. */
const RESERVED = new Set(['.trash', 'models']);
const TRASH = '.trash';

interface ExperimentMeta {
  readonly experiment_id: string | number;
  readonly name: string;
  readonly lifecycle_stage?: string;
}

/**
 * A random 18-digit experiment id, as MLflow's FileStore makes them (the last 18 digits of a
 * random UUID as an integer, leading zeros replaced), kept as a string: such ids do not fit a
 * JavaScript number.
 */
export function newExperimentId(): string {
  let digits = BigInt(`0x${randomUUID().replace(/-/g, '')}`)
    .toString()
    .slice(-18);
  while (digits.startsWith('0')) digits = `${digits.slice(1)}${randomInt(10)}`;
  return digits;
}

/**
 * The experiments of an MLflow file store: `<id>/meta.yaml`, and `.trash/<id>` for deleted ones,
 * whose names and ids stay taken (MLflow can restore them).
 */
export class FileStoreExperiments {
  constructor(
    private readonly root: string,
    private readonly where: string,
  ) {}

  /** The live experiment's id; a deleted one of that name is refused with how to restore it. */
  async getOrCreate(name: string): Promise<string> {
    await this.ensureRoot();
    for (const trashed of [false, true]) {
      for (const id of await this.ids(trashed)) {
        const meta = await readMeta<ExperimentMeta>(this.dir(id, trashed));
        if (meta?.name !== name) continue;
        const experimentId = String(meta.experiment_id);
        if (trashed || meta.lifecycle_stage === 'deleted') {
          throw new MlflowExperimentDeletedError(name, experimentId, this.where);
        }
        return experimentId;
      }
    }
    return this.create(name);
  }

  /** The run's directory: under a live experiment, else under one in .trash. */
  async findRun(runId: string): Promise<{ path: string; trashed: boolean } | undefined> {
    for (const trashed of [false, true]) {
      for (const id of await this.ids(trashed)) {
        const path = join(this.dir(id, trashed), safeKey(runId, 'run id'));
        if (existsSync(join(path, 'meta.yaml'))) return { path, trashed };
      }
    }
    return undefined;
  }

  /** Experiment ids, live or in .trash. */
  async ids(trashed = false): Promise<string[]> {
    const base = trashed ? join(this.root, TRASH) : this.root;
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && !RESERVED.has(e.name)).map((e) => e.name);
  }

  private async create(name: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = newExperimentId();
      try {
        // An id in .trash stays taken; mkdir without `recursive` fails if another process won it.
        if (existsSync(this.dir(id, true))) throw Object.assign(new Error(id), { code: 'EEXIST' });
        await mkdir(join(this.root, id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
        throw error;
      }
      await this.writeMeta(id, name);
      return id;
    }
  }

  /** A new store gets the Default experiment 0 and a `.trash` folder, as MLflow creates them. */
  private async ensureRoot(): Promise<void> {
    await mkdir(join(this.root, TRASH), { recursive: true });
    if (!existsSync(join(this.root, '0', 'meta.yaml'))) {
      await mkdir(join(this.root, '0'), { recursive: true });
      await this.writeMeta('0', 'Default');
    }
  }

  private async writeMeta(id: string, name: string): Promise<void> {
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

  private dir(id: string, trashed: boolean): string {
    return trashed ? join(this.root, TRASH, id) : join(this.root, id);
  }
}
