import { ConfigError } from '@gatehouse/env-config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../../test/workspace-root';
import { loadPipelineConfig, parsePipelineConfig } from './load-pipeline-config';

const minimal = {
  task: 'classification',
  data: { source: { format: 'csv', path: 'data/raw/t.csv' }, target: 'label' },
};

const problemsOf = (raw: unknown): string[] => {
  try {
    parsePipelineConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe(loadPipelineConfig.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ml-config-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('loads the repository default (ml.config.yaml) with the documented choices', () => {
    const { config, sha256 } = loadPipelineConfig(join(WORKSPACE_ROOT, 'ml.config.yaml'));
    expect(config).toMatchObject({
      experiment: 'penguins-species',
      task: 'classification',
      data: { target: 'Species', source: { format: 'json', path: 'data/raw/penguins.json' } },
      model: { type: 'random_forest', params: { nEstimators: 100, seed: 42 } },
      split: { testSize: 0.2, seed: 42, stratify: true },
      cv: { folds: 5 },
    });
    expect(config.metric).toBe('accuracy');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fills defaults and hashes the meaning, not the formatting', () => {
    const yaml = loadPipelineConfig(
      file(
        'a.yaml',
        'task: classification # c\ndata:\n  target: label\n  source: {path: data/raw/t.csv, format: csv}\n',
      ),
    );
    const json = loadPipelineConfig(file('a.json', JSON.stringify(minimal)));
    expect(yaml.sha256).toBe(json.sha256);
    expect(yaml.config.cv.folds).toBe(5);
    expect(yaml.config.data.missingValues).toContain('NA');
    const other = loadPipelineConfig(
      file('b.json', JSON.stringify({ ...minimal, cv: { folds: 3 } })),
    );
    expect(other.sha256).not.toBe(json.sha256);
  });

  it('names the file and line of a syntax error, and a missing file', () => {
    expect(() => loadPipelineConfig(file('bad.yaml', 'task: [classification\n'))).toThrow(
      /bad\.yaml is not valid YAML/,
    );
    expect(() => loadPipelineConfig(join(dir, 'none.yaml'))).toThrow(
      /file not found \(set ML_CONFIG or pass --config\)/,
    );
  });

  it('rejects unknown settings, naming the allowed ones', () => {
    expect(problemsOf({ ...minimal, modle: {} })).toEqual([
      expect.stringMatching(
        /^modle: unknown setting \(allowed: experiment, registeredModel, task, data/,
      ),
    ]);
    expect(problemsOf({ ...minimal, split: { testsize: 0.3 } })).toEqual([
      expect.stringMatching(
        /^split\.testsize: unknown setting \(allowed: testSize, seed, stratify\)/,
      ),
    ]);
  });

  it('rejects a wrong task and a model or metric that does not fit it', () => {
    expect(problemsOf({ ...minimal, task: 'clustering' })).toEqual([
      'task: must be one of the following values: classification, regression (got "clustering")',
    ]);
    expect(
      problemsOf({
        ...minimal,
        task: 'regression',
        model: { type: 'logistic_regression' },
        primaryMetric: 'accuracy',
      }),
    ).toEqual([
      'model.type: logistic_regression is a classification model, but task is regression (use one of: random_forest, linear_regression, ridge)',
      'primaryMetric: accuracy does not apply to regression (use one of: rmse, mae, r2)',
    ]);
  });

  it('checks hyper-parameters against the model type', () => {
    expect(
      problemsOf({
        ...minimal,
        model: {
          type: 'random_forest',
          params: { nEstimators: 0, n_estimators: 5, maxFeatures: 'half' },
        },
      }),
    ).toEqual([
      expect.stringMatching(
        /^model\.params\.n_estimators: unknown hyper-parameter for random_forest \(allowed: nEstimators, maxDepth, /,
      ),
      'model.params.nEstimators: must not be less than 1 (got 0)',
      "model.params.maxFeatures: must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1) (got \"half\")",
    ]);
    expect(
      problemsOf({
        ...minimal,
        task: 'regression',
        model: { type: 'ridge', params: { alpha: -1 } },
      }),
    ).toEqual(['model.params.alpha: must be a positive number (got -1)']);
    expect(
      problemsOf({
        ...minimal,
        task: 'regression',
        model: { type: 'linear_regression', params: { alpha: 1 } },
      }),
    ).toEqual(['model.params.alpha: unknown hyper-parameter for linear_regression (it has none)']);
  });

  it('checks the data source, split, folds, column types and feature lists', () => {
    expect(
      problemsOf({
        ...minimal,
        data: {
          source: { format: 'sql', importFrom: 'x' },
          target: 'label',
          columnTypes: { when: 'datetime' },
        },
        split: { testSize: 1.5 },
        cv: { folds: 1 },
        features: { numeric: ['a', 'label'], categorical: ['a'] },
      }),
    ).toEqual([
      'data.source.url: is required for sql sources',
      'data.source.query: is required for sql sources',
    ]);
    expect(
      problemsOf({
        ...minimal,
        data: { ...minimal.data, columnTypes: { when: 'datetime' } },
        split: { testSize: 1.5 },
        cv: { folds: 1 },
        features: { numeric: ['a', 'label'], categorical: ['a'] },
      }),
    ).toEqual([
      'cv.folds: must be 0 (no cross-validation) or at least 2 (got 1)',
      'split.testSize: must be a fraction in (0, 1) or a whole number of rows (got 1.5)',
      'data.columnTypes.when: must be one of number, string, date (got "datetime")',
      'features: "a" is listed as both numeric and categorical',
      'features.numeric: "label" is the target and cannot be a feature',
    ]);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problemsOf(['task'])).toEqual([
      expect.stringMatching(/^expected a mapping of settings/),
    ]);
  });
});
