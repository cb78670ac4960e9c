import { type FeaturesManifest } from '../artifacts/feature-set';
import { type GitState } from '../common/git-commit';
import { sourceName } from '../common/source-name';
import { type MetricPoint, type RunBatch } from '../mlflow/log-batch-chunks';
import { type CrossValidation } from '../modelling/cross-validation';
import { type Evaluation } from '../modelling/evaluation';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { type PipelineConfig } from '../pipeline-config/pipeline-config';

/** MLflow caps param values at 6000 characters. */
const MAX_PARAM_LENGTH = 6000;

/** Metric keys allow letters, digits, `_ - . /` and spaces; anything else becomes `_`. */
export function metricKey(...parts: string[]): string {
  return parts.join('_').replace(/[^\w\-. /]/g, '_');
}

/** The run's params, metrics and timings, ready for one (chunked) log-batch. */
export function buildRunBatch(input: {
  config: PipelineConfig;
  manifest: FeaturesManifest;
  modelParams: Record<string, unknown>;
  evaluation: Evaluation;
  cv?: CrossValidation;
  timings: Record<string, number>;
}): RunBatch {
  const { config, manifest, modelParams, evaluation, cv, timings } = input;
  const params: Record<string, unknown> = {
    task: config.task,
    target: manifest.target,
    primary_metric: config.metric,
    'model.type': config.model.type,
    ...Object.fromEntries(Object.entries(modelParams).map(([k, v]) => [`model.${k}`, v])),
    'split.test_size': config.split.testSize,
    'split.seed': config.split.seed,
    'split.stratified': manifest.split.stratified,
    'cv.folds': config.cv.folds,
    'cv.seed': config.cv.seed,
    'features.numeric': manifest.numeric.join(','),
    'features.categorical': manifest.categorical.join(','),
    'features.count': manifest.featureNames.length,
    'data.rows_train': manifest.nTrain,
    'data.rows_test': manifest.nTest,
  };
  const timestamp = Date.now();
  const metrics: MetricPoint[] = Object.entries(evaluation.metrics).map(([name, value]) => ({
    key: metricKey('test', name),
    value,
    timestamp,
  }));
  if (evaluation.task === 'classification') {
    for (const c of evaluation.perClass) {
      metrics.push(
        { key: metricKey('test_precision', c.label), value: c.precision, timestamp },
        { key: metricKey('test_recall', c.label), value: c.recall, timestamp },
        { key: metricKey('test_f1', c.label), value: c.f1, timestamp },
      );
    }
  }
  for (const [name, summary] of Object.entries(cv?.metrics ?? {})) {
    metrics.push(
      { key: metricKey('cv', name, 'mean'), value: summary.mean, timestamp },
      { key: metricKey('cv', name, 'std'), value: summary.std, timestamp },
      ...summary.scores.map((value, step) => ({
        key: metricKey('cv', name),
        value,
        timestamp,
        step,
      })),
    );
  }
  for (const [name, seconds] of Object.entries(timings)) {
    metrics.push({ key: metricKey(name, 'seconds'), value: seconds, timestamp });
  }
  return {
    params: Object.entries(params).map(([key, value]) => ({
      key,
      value: (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, MAX_PARAM_LENGTH),
    })),
    metrics,
  };
}

/** The run's name and tags: provenance (git commit, data and config hashes) and what was trained. */
export function runIdentity(input: {
  config: PipelineConfig;
  loaded: LoadedPipelineConfig;
  dataSha256: string;
  git: GitState | undefined;
  started: Date;
  /** The workspace root, which the source script is named relative to. */
  root: string;
}): { runName: string; tags: Record<string, string> } {
  const { config, loaded, dataSha256, git, started, root } = input;
  const stamp = started.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return {
    runName: `${config.model.type}-${stamp}`,
    tags: {
      'mlflow.source.name': sourceName(root),
      'mlflow.source.type': 'LOCAL',
      ...(git && { 'mlflow.source.git.commit': git.commit, 'git.dirty': String(git.dirty) }),
      'data.sha256': dataSha256,
      'config.sha256': loaded.sha256,
      'config.path': loaded.path,
      task: config.task,
      'model.type': config.model.type,
    },
  };
}
