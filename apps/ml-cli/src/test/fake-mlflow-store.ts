// The state and answers of a fake MLflow 2.12 tracking server: the same status codes, bodies and
// error messages as the recordings in fixtures/mlflow-2.12.2 (see mlflow-replay.spec.ts). Only
// what ml-cli and the recordings use is implemented.

export interface FakeAnswer {
  readonly status: number;
  /** JSON body, raw bytes, or HTML text. */
  readonly body: unknown;
  readonly contentType?: string;
}

export type Json = Record<string, unknown>;
export type Metric = { key: string; value: number; timestamp: number; step: number };

export interface FakeRun {
  info: Json & { run_id: string; experiment_id: string; status: string; lifecycle_stage: string };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Metric[];
}

export interface FakeExperiment extends Json {
  experiment_id: string;
  name: string;
  lifecycle_stage: string;
}

export interface FakeVersion extends Json {
  name: string;
  version: string;
  source: string;
  run_id: string;
}

export interface FakeModel {
  model: Json;
  versions: FakeVersion[];
  /** Deleted version numbers are not reused, as in MLflow's SQL store. */
  deleted: Set<string>;
  aliases: Map<string, string>;
}

/** A request field as text (ids, names, statuses arrive as strings or numbers). */
export const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : fallback;

export const error = (status: number, code: string, message: string): FakeAnswer => ({
  status,
  body: { error_code: code, message },
});

const flaskPage = (status: number, title: string, paragraph: string): FakeAnswer => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${paragraph}</p>\n`,
});

/** Flask's answer to a route MLflow does not have. */
export const NOT_FOUND_HTML = flaskPage(
  404,
  'Not Found',
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
);

/** Flask's answer to an unhandled exception (e.g. downloading a directory). */
export const SERVER_ERROR_HTML = flaskPage(
  500,
  'Internal Server Error',
  'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
);

export const ok = (body: unknown = {}): FakeAnswer => ({ status: 200, body });
export const missing = (name: string): FakeAnswer =>
  error(
    400,
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );

/** MLflow's answer to writes on a deleted run or experiment. */
export const notActive = (what: 'run' | 'experiment', id: string): FakeAnswer =>
  error(
    400,
    'INVALID_PARAMETER_VALUE',
    `The ${what} ${id} must be in the 'active' state. Current state is deleted.`,
  );

/** SQLite's unique-constraint failure as MLflow 2.12 relays it (`autoflush` for experiments). */
export function alreadyExists(
  entity: string,
  table: string,
  columns: string,
  values: string,
  autoflush = false,
): FakeAnswer {
  const flush = autoflush
    ? '(raised as a result of Query-invoked autoflush; consider using a session.no_autoflush block if this flush is occurring prematurely)\n'
    : '';
  const marks = columns
    .split(', ')
    .map(() => '?')
    .join(', ');
  return error(
    400,
    'RESOURCE_ALREADY_EXISTS',
    `${entity} already exists. Error: ${flush}(sqlite3.IntegrityError) UNIQUE constraint failed: ${table}.name\n` +
      `[SQL: INSERT INTO ${table} (${columns}) VALUES (${marks})]\n[parameters: (${values})]\n` +
      '(Background on this error at: https://sqlalche.me/e/14/gkpj)',
  );
}

/** Metric values as MLflow's JSON renders them: NaN and ±Infinity as strings. */
export const encode = (v: number): number | string =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
export const decode = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));

export class FakeMlflowStore {
  readonly experiments = new Map<string, FakeExperiment>();
  readonly runs = new Map<string, FakeRun>();
  readonly models = new Map<string, FakeModel>();
}
