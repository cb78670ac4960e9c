// The state and answers of a fake MLflow 2.12 tracking server: the same status codes, body
// shapes and error messages as the recordings in ../shared/mlflow-recordings (see
// mlflow-replay.spec.ts). Only what ml-cli and the recordings use is implemented.

export interface FakeAnswer {
  readonly status: number;
  /** JSON body, raw bytes, or HTML text. */
  readonly body: unknown;
  readonly contentType?: string;
}

export type Json = Record<string, unknown>;
export type Metric = { key: string; value: number; timestamp: number; step: number };

export interface FakeRun {
  info: Json & { run_id: string; experiment_id: string; status: string };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Metric[];
}

export interface FakeVersion extends Json {
  name: string;
  version: string;
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
export const NOT_FOUND_HTML: FakeAnswer = {
  status: 404,
  contentType: 'text/html; charset=utf-8',
  body:
    '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
    '<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
};
export const ok = (body: unknown = {}): FakeAnswer => ({ status: 200, body });
export const missing = (name: string): FakeAnswer =>
  error(
    400,
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );

/** Metric values as MLflow's JSON renders them: NaN and ±Infinity as strings. */
export const encode = (v: number): number | string =>
  Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
export const decode = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));

export class FakeMlflowStore {
  readonly experiments = new Map<string, Json & { experiment_id: string; name: string }>();
  readonly runs = new Map<string, FakeRun>();
  readonly models = new Map<
    string,
    { model: Json; versions: FakeVersion[]; aliases: Map<string, string> }
  >();

  constructor() {
    this.addExperiment('Default');
  }

  getExperimentByName(name: string): FakeAnswer {
    const found = [...this.experiments.values()].find((e) => e.name === name);
    if (!found)
      return error(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
    return ok({ experiment: found });
  }

  createExperiment(body: Json): FakeAnswer {
    const name = body['name'];
    if (typeof name !== 'string' || name === '') return missing('name');
    if ([...this.experiments.values()].some((e) => e.name === name)) {
      return error(
        400,
        'RESOURCE_ALREADY_EXISTS',
        `Experiment(name=${name}) already exists. Error: (sqlite3.IntegrityError) UNIQUE constraint failed: experiments.name`,
      );
    }
    return ok({ experiment_id: this.addExperiment(name) });
  }

  private addExperiment(name: string): string {
    const id = String(this.experiments.size);
    const now = Date.now();
    this.experiments.set(id, {
      experiment_id: id,
      name,
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: 'active',
      last_update_time: now,
      creation_time: now,
    });
    return id;
  }
}
