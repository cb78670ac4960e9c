import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { OUTPUTS, type PipelinePaths } from './pipeline-paths';

/**
 * A stage's outputs are written under a private staging directory and only moved into place, by
 * rename, once everything succeeded. A failed stage leaves the previous outputs untouched and no
 * half-written files; a successful one replaces each declared output whole (stale files go).
 */
export class OutputStaging {
  private closed = false;

  private constructor(
    private readonly paths: PipelinePaths,
    private readonly outputs: readonly string[],
    readonly dir: string,
  ) {}

  /** `outputs` are workspace-relative files or directories, e.g. `models`, `reports/report.md`. */
  static async open(
    paths: PipelinePaths,
    stage: string,
    outputs: readonly string[],
  ): Promise<OutputStaging> {
    const dir = paths.resolve(
      join(OUTPUTS.staging, `${stage}-${process.pid}-${randomBytes(4).toString('hex')}`),
    );
    await mkdir(dir, { recursive: true });
    return new OutputStaging(paths, outputs, dir);
  }

  /** Stages with `write`, then commits; on any error discards and rethrows. */
  static async run<T>(
    paths: PipelinePaths,
    stage: string,
    outputs: readonly string[],
    write: (staging: OutputStaging) => Promise<T>,
  ): Promise<T> {
    const staging = await OutputStaging.open(paths, stage, outputs);
    try {
      const result = await write(staging);
      await staging.commit();
      return result;
    } catch (error) {
      await staging.discard();
      throw error;
    }
  }

  /** Where to write `output` (or a file inside it) while staging. */
  path(output: string, ...inside: string[]): string {
    if (!this.outputs.some((o) => output === o || output.startsWith(`${o}/`))) {
      throw new Error(`${output} is not a declared output of this stage`);
    }
    return join(this.dir, output, ...inside);
  }

  async writeFile(output: string, content: string | Uint8Array): Promise<string> {
    const target = this.path(output);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    return target;
  }

  /** Moves every staged output into place, replacing what was there. */
  async commit(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    const suffix = `.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    for (const output of this.outputs) {
      const staged = join(this.dir, output);
      const target = this.paths.resolve(output);
      await mkdir(dirname(target), { recursive: true });
      const previous = existsSync(target) ? `${target}${suffix}` : undefined;
      if (previous) await rename(target, previous);
      if (existsSync(staged)) await rename(staged, target);
      if (previous) await rm(previous, { recursive: true, force: true });
    }
    await this.removeStagingDir();
  }

  /** Drops everything staged; the previous outputs stay as they were. */
  async discard(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.removeStagingDir();
  }

  /** For messages: the staging directory relative to the root. */
  toString(): string {
    return relative(this.paths.root, this.dir);
  }

  private async removeStagingDir(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    // The shared parent goes too once no other stage is staging in it.
    await rmdir(this.paths.resolve(OUTPUTS.staging)).catch(() => undefined);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Output staging is already committed or discarded');
  }
}
