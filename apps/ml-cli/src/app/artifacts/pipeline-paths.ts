import { isAbsolute, join } from 'node:path';
import { readArtifact } from '../common/json-files';

/** Where each stage writes, relative to the workspace root (the Nx outputs and dvc.yaml outs). */
export const OUTPUTS = {
  raw: 'data/raw',
  processed: 'data/processed',
  features: 'data/features',
  models: 'models',
  reports: 'reports',
  evaluation: 'reports/evaluation',
  staging: 'data/.staging',
} as const;

export const FILES = {
  dataset: 'data/processed/dataset.json',
  profile: 'data/processed/profile.json',
  featuresManifest: 'data/features/manifest.json',
  preprocessor: 'data/features/preprocessor.json',
  trainSplit: 'data/features/train.json',
  testSplit: 'data/features/test.json',
  model: 'models/model.json',
  run: 'models/run.json',
  metrics: 'reports/metrics.json',
  report: 'reports/report.md',
  plots: 'reports/plots',
} as const;

/** Resolves pipeline paths against one root directory (the working directory by default). */
export class PipelinePaths {
  constructor(readonly root: string = process.cwd()) {}

  resolve(path: string): string {
    return isAbsolute(path) ? path : join(this.root, path);
  }

  /** A JSON file another stage wrote; if missing, the error names the stage to run. */
  readArtifact<T>(path: string, producedBy: string): Promise<T> {
    return readArtifact<T>(this.resolve(path), producedBy, path);
  }
}
