import { ConfigError } from '@gatehouse/env-config';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { canonicalJson } from '../common/canonical-json';
import {
  COLUMN_TYPES,
  MODEL_TASKS,
  MODEL_TYPES,
  type ModelType,
  TASK_METRICS,
} from '../common/pipeline-vocabulary';
import { describeValidationErrors, showValue } from './config-problems';
import { LinearRegressionParams } from './params/linear-regression.params';
import { LogisticRegressionParams } from './params/logistic-regression.params';
import { RandomForestParams } from './params/random-forest.params';
import { RidgeParams } from './params/ridge.params';
import { PipelineConfig } from './pipeline-config';

export interface LoadedPipelineConfig {
  /** The file it came from, as given. */
  readonly path: string;
  readonly config: PipelineConfig;
  /** sha256 of the validated config in canonical JSON: comments and key order do not count. */
  readonly sha256: string;
}

const PARAM_CLASSES: Readonly<Record<ModelType, ClassConstructor<object>>> = {
  logistic_regression: LogisticRegressionParams,
  random_forest: RandomForestParams,
  linear_regression: LinearRegressionParams,
  ridge: RidgeParams,
};

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/**
 * Reads, validates and hashes a YAML or JSON pipeline config; throws ConfigError listing every
 * problem. `path` is what messages show; `file` is where it is read from (default: `path`).
 */
export function loadPipelineConfig(path: string, file = path): LoadedPipelineConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`Cannot read the pipeline config ${path}`, [
      code === 'ENOENT' ? 'file not found (set ML_CONFIG or pass --config)' : String(error),
    ]);
  }
  const config = parsePipelineConfig(parseText(text, path), path);
  return { path, config, sha256: hashConfig(config) };
}

function parseText(text: string, path: string): unknown {
  try {
    return extname(path) === '.json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}`, [
      `syntax error${where}: ${message}`,
    ]);
  }
}

/** Validates an already parsed config object. */
export function parsePipelineConfig(raw: unknown, source = 'ml.config.yaml'): PipelineConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${source} is invalid`, [
      'expected a mapping of settings (experiment, task, data, features, split, model, cv)',
    ]);
  }
  const config = plainToInstance(PipelineConfig, raw, { exposeDefaultValues: true });
  const problems = describeValidationErrors(validateSync(config, VALIDATION));
  if (problems.length === 0) problems.push(...checkConsistency(config));
  if (problems.length > 0) throw new ConfigError(`${source} is invalid`, problems);
  return config;
}

function checkConsistency(config: PipelineConfig): string[] {
  const problems: string[] = [];
  const { task, model, data, features, split, cv } = config;
  const modelTasks = MODEL_TASKS[model.type];
  if (!modelTasks.includes(task)) {
    const fitting = MODEL_TYPES.filter((type) => MODEL_TASKS[type].includes(task));
    problems.push(
      `model.type: ${model.type} is a ${modelTasks.join('/')} model, but task is ${task} (use one of: ${fitting.join(', ')})`,
    );
  }
  if (config.primaryMetric && !TASK_METRICS[task].includes(config.primaryMetric)) {
    problems.push(
      `primaryMetric: ${config.primaryMetric} does not apply to ${task} (use one of: ${TASK_METRICS[task].join(', ')})`,
    );
  }
  problems.push(...checkParams(model.type, model.params));
  if (cv.folds === 1)
    problems.push('cv.folds: must be 0 (no cross-validation) or at least 2 (got 1)');
  if (!(split.testSize < 1 || Number.isInteger(split.testSize))) {
    problems.push(
      `split.testSize: must be a fraction in (0, 1) or a whole number of rows (got ${split.testSize})`,
    );
  }
  if (data.source.format === 'sql' && data.source.importFrom !== undefined) {
    problems.push('data.source.importFrom: only csv and json sources can be imported');
  }
  for (const [column, type] of Object.entries(data.columnTypes ?? {})) {
    if (!COLUMN_TYPES.includes(type)) {
      problems.push(
        `data.columnTypes.${column}: must be one of ${COLUMN_TYPES.join(', ')} (got ${showValue(type)})`,
      );
    }
  }
  const both = (features.numeric ?? []).filter((c) => (features.categorical ?? []).includes(c));
  for (const column of both)
    problems.push(`features: "${column}" is listed as both numeric and categorical`);
  for (const list of ['numeric', 'categorical'] as const) {
    if (features[list]?.includes(data.target)) {
      problems.push(`features.${list}: "${data.target}" is the target and cannot be a feature`);
    }
  }
  return problems;
}

function checkParams(type: ModelType, params: Record<string, unknown>): string[] {
  const ParamClass = PARAM_CLASSES[type];
  const allowed = Object.keys(new ParamClass());
  const unknown = Object.keys(params)
    .filter((key) => !allowed.includes(key))
    .map(
      (key) =>
        `model.params.${key}: unknown hyper-parameter for ${type} (${allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'it has none'})`,
    );
  const errors = validateSync(plainToInstance(ParamClass, params), { forbidUnknownValues: false });
  return [...unknown, ...describeValidationErrors(errors, 'model.params')];
}

export function hashConfig(config: PipelineConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}
