#!/usr/bin/env node
// What a pipeline stage depends on besides its code and upstream outputs, printed for Nx's
// `runtime` input (see project.json): the config sections the stage reads and, for `dataset`, the
// raw source's sha256. DVC tracks the same things as `params` and `deps` in dvc.yaml; the
// pipeline-sync spec keeps the three in step.
//   node apps/ml-cli/scripts/stage-fingerprint.cjs <dataset|features|train|evaluate>
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { extname, resolve } = require('node:path');

/** The ml.config.yaml keys each stage reads (dvc.yaml `params`). */
const STAGE_PARAMS = {
  dataset: ['data'],
  features: ['task', 'data.target', 'features', 'split'],
  train: [
    'experiment',
    'registeredModel',
    'task',
    'data.target',
    'split.stratify',
    'model',
    'cv',
    'primaryMetric',
  ],
  evaluate: [],
};

/**
 * Files a stage reads that no dependency of its Nx target produces: evaluate must not depend on
 * train (that would train and register again with --skip-nx-cache), so it hashes what it reads.
 */
const STAGE_FILES = {
  dataset: [],
  features: [],
  train: [],
  evaluate: ['models/model.json', 'data/features/manifest.json', 'data/features/test.json'],
};

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** JSON with sorted keys: reordering or commenting the YAML changes nothing. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function get(object, dotted) {
  return dotted.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
}

function readConfig(path) {
  const text = readFileSync(path, 'utf8');
  return extname(path) === '.json' ? JSON.parse(text) : require('yaml').parse(text);
}

/** Local files the raw table comes from, or `volatile` for a database that can change unseen. */
function rawSources(config) {
  const source = (config && config.data && config.data.source) || {};
  if (source.format === 'sql') {
    const url = String(source.url || '');
    if (/^postgres(ql)?:\/\//i.test(url)) return 'volatile';
    return [url.replace(/^(sqlite|file):(\/\/)?/, '')];
  }
  return [source.importFrom || source.path].filter(Boolean);
}

function fingerprint(stage, root = process.cwd(), env = process.env) {
  if (!(stage in STAGE_PARAMS)) throw new Error(`unknown stage "${stage}"`);
  const configPath = env.ML_CONFIG || 'ml.config.yaml';
  let config;
  try {
    config = readConfig(resolve(root, configPath));
  } catch (error) {
    // The stage itself will fail with the full message; any change to the file reruns it.
    return `${stage} config=${configPath} unreadable ${sha256(String(error && error.message))}`;
  }
  const params = Object.fromEntries(STAGE_PARAMS[stage].map((key) => [key, get(config, key)]));
  const parts = [`${stage} config=${configPath} params=${sha256(canonical(params))}`];
  if (stage === 'dataset') {
    const sources = rawSources(config);
    if (sources === 'volatile') parts.push(`source=volatile-${Date.now()}-${Math.random()}`);
    else {
      for (const file of sources) {
        const path = resolve(root, file);
        parts.push(`${file}=${existsSync(path) ? sha256(readFileSync(path)) : 'missing'}`);
      }
    }
  }
  for (const file of STAGE_FILES[stage]) {
    const path = resolve(root, file);
    parts.push(`${file}=${existsSync(path) ? sha256(readFileSync(path)) : 'missing'}`);
  }
  return parts.join(' ');
}

module.exports = { STAGE_PARAMS, STAGE_FILES, fingerprint, rawSources };

if (require.main === module) {
  try {
    process.stdout.write(`${fingerprint(process.argv[2])}\n`);
  } catch (error) {
    process.stderr.write(`stage-fingerprint: ${error.message}\n`);
    process.exitCode = 1;
  }
}
