import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a real MLflow 2.12.2 server and Python client did, copied unchanged from
// ../shared/mlflow-recordings into fixtures/mlflow-2.12.2 so the tests run without that folder.

export const RECORDINGS_DIR = join(__dirname, 'fixtures/mlflow-2.12.2');

/** The file store written by MLflow's own Python client (read it from a copy: tests write to it). */
export const PYTHON_MLRUNS = join(RECORDINGS_DIR, 'python-client/mlruns');

export const RECORDING_FILES = ['mlflow-2.12.2-rest.json', 'mlflow-2.12.2-failures.json'] as const;

export interface Exchange {
  readonly note?: string;
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: { readonly status: number; readonly body: unknown };
}

export interface Recording {
  readonly exchanges: Exchange[];
  /** The `mlflow gc` that ran between the exchanges noted "after `mlflow gc …`". */
  readonly gc?: { readonly command: string };
}

export function loadRecording(file: (typeof RECORDING_FILES)[number]): Recording {
  return JSON.parse(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as Recording;
}

/** One recorded answer, found by method, path and (for POSTs) a predicate on the request body. */
export function recorded(
  file: (typeof RECORDING_FILES)[number],
  method: string,
  path: string,
  body: (request: Record<string, unknown>) => boolean = () => true,
): Exchange {
  const found = loadRecording(file).exchanges.find(
    (e) =>
      e.request.method === method &&
      e.request.path === path &&
      body((e.request.body ?? {}) as Record<string, unknown>),
  );
  if (!found) throw new Error(`${file} holds no ${method} ${path}`);
  return found;
}

export function readPythonClientFile(name: 'run-tags.json' | 'model-version.json' | 'MLmodel') {
  return readFileSync(join(RECORDINGS_DIR, 'python-client', name), 'utf8');
}
