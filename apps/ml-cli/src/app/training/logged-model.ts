import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { type FeaturesManifest } from '../artifacts/feature-set';
import { MODEL_FORMAT } from '../artifacts/model-bundle';
import { type ColumnSchema } from '../artifacts/table-schema';
import { type MlflowKeyValue } from '../mlflow/mlflow-rest.types';
import { pythonJson } from './python-json';

/** The MLflow release whose MLmodel and log-model history format this follows (the recorded server's). */
export const MLFLOW_FORMAT_VERSION = '2.12.2';
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';
/** MLflow's limit on a tag value: a longer history drops the signature (the MLmodel keeps it). */
const MAX_TAG_LENGTH = 5000;

/** An MLflow model signature: input and output columns as JSON strings of `{type, name, required}`. */
export interface ModelSignature {
  readonly inputs: string;
  readonly outputs: string;
  readonly params: null;
}

/**
 * The signature MLflow's UI shows on the model page. Every input may be missing (imputed), so
 * none is required; the output is the label (string, or long for whole-number classes) or a double.
 */
export function modelSignature(manifest: FeaturesManifest): ModelSignature {
  const byName = new Map(manifest.inputColumns.map((c) => [c.name, c]));
  const inputs = [...manifest.numeric, ...manifest.categorical].map((name) => ({
    type: mlflowType(byName.get(name)),
    name,
    required: false,
  }));
  const target = manifest.targetColumn;
  const output =
    manifest.task === 'regression'
      ? 'double'
      : target.type === 'number'
        ? target.integer
          ? 'long'
          : 'double'
        : 'string';
  return {
    inputs: pythonJson(inputs),
    outputs: pythonJson([{ type: output, name: manifest.target, required: true }]),
    params: null,
  };
}

/** Raw cells as predict reads them: numbers as doubles, text and dates as strings. */
const mlflowType = (column: ColumnSchema | undefined) =>
  column?.type === 'number' ? 'double' : 'string';

/**
 * The `model` artifact's MLmodel file and the run's `mlflow.log-model.history` tag, with the
 * fields MLflow's Python client writes (run_id, artifact_path, utc_time_created, flavors,
 * model_uuid, mlflow_version, signature, model_size_bytes), so the UI lists the model in the
 * Models column and under "Logged models". The flavor is the project's own.
 */
export function loggedModel(input: {
  runId: string;
  createdAt: Date;
  modelJson: string;
  signature: ModelSignature;
}): { mlmodel: string; historyTag: MlflowKeyValue } {
  const entry = {
    run_id: input.runId,
    artifact_path: 'model',
    utc_time_created: `${input.createdAt.toISOString().replace('T', ' ').slice(0, 23)}000`,
    flavors: {
      gatehouse_ml: { data: 'model.json', format: MODEL_FORMAT, loader: 'ml-cli predict --model' },
    },
    model_uuid: randomUUID().replace(/-/g, ''),
    mlflow_version: MLFLOW_FORMAT_VERSION,
    signature: input.signature,
    model_size_bytes: Buffer.byteLength(input.modelJson),
  };
  let history = pythonJson([entry]);
  if (history.length > MAX_TAG_LENGTH) history = pythonJson([{ ...entry, signature: null }]);
  return {
    mlmodel: stringify(entry, { sortMapEntries: true, lineWidth: 0 }),
    historyTag: { key: LOG_MODEL_HISTORY_TAG, value: history },
  };
}
