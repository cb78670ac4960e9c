import { Injectable } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBundle } from '../artifacts/model-bundle';
import { FILES, PipelinePaths } from '../artifacts/pipeline-paths';
import { StageError } from '../common/stage.error';
import { MlflowApiError } from '../mlflow/mlflow-api.error';
import { CHAMPION_ALIAS } from './run-recorder.service';
import { TrackerFactory } from './tracker-factory.service';

export interface LocatedModel {
  readonly bundle: ModelBundle;
  /** What was loaded, for messages: a path or `models:/name/3`. */
  readonly source: string;
}

/** The version's file is not there: a server's `missing` error, or ENOENT in a file store. */
const isMissingFile = (error: unknown): boolean =>
  (error instanceof MlflowApiError && error.kind === 'missing') ||
  (error as NodeJS.ErrnoException).code === 'ENOENT';

const REGISTRY_URI = /^models:\/([^/@]+)(?:@([^/]+)|\/(\d+))?$/;

/**
 * Loads a model by path (a model.json or a directory holding one; default models/model.json) or
 * from the registry: `models:/<name>@<alias>`, `models:/<name>/<version>`, or `models:/<name>`
 * for its champion.
 */
@Injectable()
export class ModelLocator {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly trackers: TrackerFactory,
  ) {}

  async load(reference: string = FILES.model): Promise<LocatedModel> {
    const [, name, alias, version] = REGISTRY_URI.exec(reference) ?? [];
    if (name !== undefined) return this.fromRegistry(name, alias, version);
    if (reference.startsWith('models:')) {
      throw new StageError(
        `--model ${reference}: expected models:/<name>@<alias> or models:/<name>/<version>`,
      );
    }
    const path = this.paths.resolve(reference);
    const file =
      existsSync(path) && statSync(path).isDirectory() ? join(reference, 'model.json') : reference;
    const json = await this.paths.readArtifact<unknown>(file, 'train');
    return { bundle: ModelBundle.fromJSON(json, reference), source: reference };
  }

  private async fromRegistry(
    name: string,
    alias?: string,
    version?: string,
  ): Promise<LocatedModel> {
    const tracker = this.trackers.tracker();
    const wanted = version ?? `@${alias ?? CHAMPION_ALIAS}`;
    const found = version
      ? await tracker.getVersion(name, version)
      : await tracker.getVersionByAlias(name, alias ?? CHAMPION_ALIAS);
    if (!found) throw new StageError(`models:/${name}: no version ${wanted} in ${tracker.target}`);
    const source = `models:/${name}/${found.version}`;
    let content: Buffer;
    try {
      content = await tracker.readVersionFile(found, 'model.json');
    } catch (error) {
      if (isMissingFile(error)) {
        const run = found.runId ? ` (was run ${found.runId} deleted and garbage-collected?)` : '';
        throw new StageError(`${source}: model.json is gone from ${found.source}${run}`);
      }
      throw new StageError(
        `${source}: cannot read model.json from ${found.source} (${(error as Error).message})`,
      );
    }
    return { bundle: ModelBundle.fromJSON(JSON.parse(content.toString('utf8')), source), source };
  }
}
