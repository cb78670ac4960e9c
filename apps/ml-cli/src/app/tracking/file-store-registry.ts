import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMeta, safeKey, writeMeta } from './file-store-yaml';
import { type RegisteredVersion } from './mlflow-tracker';

interface VersionMeta {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly run_id?: string;
  readonly current_stage?: string;
}

/** MLflow's file store keeps a deleted version's directory (so its number is not reused) with this stage. */
const DELETED_STAGE = 'Deleted_Internal';

/**
 * MLflow's file-store model registry: `models/<name>/meta.yaml`, `models/<name>/version-<n>/meta.yaml`
 * and `models/<name>/aliases/<alias>` holding the version number (MLflow 2.12 also lists the
 * aliases in the model's meta.yaml, and so does this).
 */
export class FileStoreRegistry {
  constructor(private readonly root: string) {}

  async createVersion(name: string, source: string, runId: string): Promise<RegisteredVersion> {
    const dir = this.modelDir(name);
    const now = Date.now();
    if (!existsSync(join(dir, 'meta.yaml'))) {
      await mkdir(dir, { recursive: true });
      await writeMeta(dir, {
        aliases: [],
        creation_timestamp: now,
        description: null,
        last_updated_timestamp: now,
        name,
      });
    }
    for (let attempt = 0; ; attempt++) {
      const version = (await this.versionNumbers(name)).reduce((a, b) => Math.max(a, b), 0) + 1;
      try {
        // mkdir without `recursive` fails if a concurrent run took this number first.
        await mkdir(join(dir, `version-${version}`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
        throw error;
      }
      await writeMeta(join(dir, `version-${version}`), {
        aliases: [],
        creation_timestamp: now,
        current_stage: 'None',
        description: null,
        last_updated_timestamp: now,
        name,
        run_id: runId,
        run_link: null,
        source,
        status: 'READY',
        status_message: null,
        storage_location: source,
        user_id: null,
        version,
      });
      await this.touch(name, now);
      return { name, version: String(version), source, runId };
    }
  }

  async getVersion(name: string, version: string): Promise<RegisteredVersion | undefined> {
    if (!/^\d+$/.test(version)) return undefined;
    const meta = await readMeta<VersionMeta>(join(this.modelDir(name), `version-${version}`));
    if (!meta || meta.current_stage === DELETED_STAGE) return undefined;
    return { name, version: String(meta.version), source: meta.source, runId: meta.run_id };
  }

  async getVersionByAlias(name: string, alias: string): Promise<RegisteredVersion | undefined> {
    try {
      const version = await readFile(this.aliasPath(name, alias), 'utf8');
      return await this.getVersion(name, version.trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    if (!(await this.getVersion(name, version))) {
      throw new Error(`Model Version (name=${name}, version=${version}) not found`);
    }
    await mkdir(join(this.modelDir(name), 'aliases'), { recursive: true });
    await writeFile(this.aliasPath(name, alias), version);
    await this.touch(name, Date.now(), (aliases) => ({ ...aliases, [alias]: version }));
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await rm(this.aliasPath(name, alias), { force: true });
    await this.touch(name, Date.now(), ({ [alias]: _gone, ...rest }) => rest);
  }

  /** As MLflow's file store does: the version's stage becomes Deleted_Internal, its aliases go. */
  async deleteVersion(name: string, version: string): Promise<void> {
    const dir = join(this.modelDir(name), `version-${version}`);
    const meta = await readMeta<Record<string, unknown>>(dir);
    if (!meta) return;
    await writeMeta(dir, {
      ...meta,
      current_stage: DELETED_STAGE,
      last_updated_timestamp: Date.now(),
    });
    const aliasDir = join(this.modelDir(name), 'aliases');
    for (const alias of await readdir(aliasDir).catch(() => [] as string[])) {
      const target = await readFile(join(aliasDir, alias), 'utf8');
      if (target.trim() === version) await this.deleteAlias(name, alias);
    }
  }

  /** `file:///…/artifacts/model` → the local file. */
  async readFile(version: RegisteredVersion, file: string): Promise<Buffer> {
    const dir = version.source.startsWith('file:') ? fileURLToPath(version.source) : version.source;
    return readFile(join(dir, file));
  }

  private async touch(
    name: string,
    time: number,
    aliases: (current: Record<string, string>) => Record<string, string> = (a) => a,
  ): Promise<void> {
    const dir = this.modelDir(name);
    const meta = await readMeta<Record<string, unknown>>(dir);
    if (!meta) return;
    const current = meta['aliases'];
    const before = current && typeof current === 'object' && !Array.isArray(current) ? current : {};
    const after = aliases(before as Record<string, string>);
    await writeMeta(dir, {
      ...meta,
      aliases: Object.keys(after).length > 0 ? after : [],
      last_updated_timestamp: time,
    });
  }

  private aliasPath(name: string, alias: string): string {
    return join(this.modelDir(name), 'aliases', safeKey(alias, 'alias'));
  }

  private async versionNumbers(name: string): Promise<number[]> {
    const entries = await readdir(this.modelDir(name)).catch(() => [] as string[]);
    return entries.flatMap((entry) => {
      const match = /^version-(\d+)$/.exec(entry);
      return match ? [Number(match[1])] : [];
    });
  }

  private modelDir(name: string): string {
    if (/[/\\%]/.test(name) || name === '.' || name === '..') {
      throw new Error(`Registered model name "${name}" cannot contain "/", "\\" or "%"`);
    }
    return join(this.root, 'models', name);
  }
}
