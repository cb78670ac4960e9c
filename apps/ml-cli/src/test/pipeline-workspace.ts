import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { AppModule } from '../app/app.module';
import { DatasetService } from '../app/dataset/dataset.service';
import { EvaluateService, type EvaluateOptions } from '../app/evaluation/evaluate.service';
import { FeaturesService } from '../app/features/features.service';
import { type LoadedPipelineConfig } from '../app/pipeline-config/load-pipeline-config';
import { PipelineConfigService } from '../app/pipeline-config/pipeline-config.service';
import { PredictService } from '../app/prediction/predict.service';
import { ProgressReporter } from '../app/stage/progress-reporter';
import { SyncService, type SyncOptions } from '../app/sync/sync.service';
import { TrainService } from '../app/training/train.service';
import { loadAppConfig } from '../config/load-app-config';
import { WORKSPACE_ROOT } from './workspace-root';

export const VEGA_DATA = resolve(WORKSPACE_ROOT, 'node_modules/vega-datasets/data');

/** The default pipeline (penguins → Species), small enough for tests: 20 trees, in-process. */
export function penguinsConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    experiment: 'penguins-test',
    registeredModel: 'penguins-test',
    task: 'classification',
    data: {
      source: {
        format: 'json',
        path: 'data/raw/penguins.json',
        importFrom: join(VEGA_DATA, 'penguins.json'),
      },
      target: 'Species',
      missingValues: ['', '.', 'NA'],
    },
    features: {
      numeric: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
      categorical: ['Island', 'Sex'],
    },
    split: { testSize: 0.2, seed: 42, stratify: true },
    model: { type: 'random_forest', params: { nEstimators: 20, seed: 42, nWorkers: 1 } },
    cv: { folds: 3, seed: 42 },
    primaryMetric: 'accuracy',
    ...overrides,
  };
}

/**
 * A throwaway workspace directory with an ml.config.yaml and the whole Nest app rooted in it, so
 * stages run for real (files, file store or a fake MLflow server) without touching the repo.
 */
export class PipelineWorkspace {
  private constructor(
    readonly root: string,
    private readonly app: INestApplicationContext,
    /** What the stages reported. */
    readonly lines: string[],
  ) {}

  static async create(
    config: Record<string, unknown> = penguinsConfig(),
    env: Record<string, string> = {},
  ): Promise<PipelineWorkspace> {
    const root = mkdtempSync(join(tmpdir(), 'ml-cli-'));
    writeFileSync(join(root, 'ml.config.yaml'), stringify(config));
    const lines: string[] = [];
    const reporter = new ProgressReporter(
      { write: (text: string) => lines.push(text) },
      'info',
      false,
    );
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(loadAppConfig(env), reporter, root),
      { logger: false },
    );
    return new PipelineWorkspace(root, app, lines);
  }

  writeConfig(config: Record<string, unknown>): void {
    writeFileSync(join(this.root, 'ml.config.yaml'), stringify(config));
  }

  config(): LoadedPipelineConfig {
    return this.app.get(PipelineConfigService).load();
  }

  dataset() {
    return this.app.get(DatasetService).run(this.config());
  }

  features() {
    return this.app.get(FeaturesService).run(this.config());
  }

  train(options: { offlineFallback?: boolean } = {}) {
    return this.app.get(TrainService).run(this.config(), options);
  }

  evaluate(options: EvaluateOptions = {}) {
    return this.app.get(EvaluateService).run(options);
  }

  sync(options: SyncOptions = {}) {
    return this.app.get(SyncService).run(options);
  }

  async predict(input: string, model?: string): Promise<Record<string, unknown>[]> {
    const out: string[] = [];
    await this.app
      .get(PredictService)
      .run({ input, model }, { write: (text: string) => out.push(text) });
    return out
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async all(): Promise<void> {
    await this.dataset();
    await this.features();
    await this.train();
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  read(...parts: string[]): string {
    return readFileSync(this.path(...parts), 'utf8');
  }

  json<T = Record<string, unknown>>(...parts: string[]): T {
    return JSON.parse(this.read(...parts)) as T;
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}
