import { MlflowApiError } from './mlflow-api.error';
import { type MlflowClientOptions } from './mlflow-client.options';
import { type MlflowErrorBody } from './mlflow-rest.types';

// The HTTP details of the MLflow transport that need no network: headers, error mapping, backoff
// and artifact paths.

const MAX_BACKOFF_MS = 5000;

export function requestHeaders(
  options: Pick<MlflowClientOptions, 'token' | 'username' | 'password'>,
  body: 'json' | 'bytes' | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body === 'json') headers['content-type'] = 'application/json';
  if (body === 'bytes') headers['content-type'] = 'application/octet-stream';
  const { token, username, password } = options;
  if (token) headers['authorization'] = `Bearer ${token}`;
  else if (username !== undefined && password !== undefined) {
    headers['authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return headers;
}

/** MLflow's `{error_code, message}` as a typed error; anything else (HTML, proxies) as `HTTP_<status>`. */
export async function toApiError(response: Response, endpoint: string): Promise<MlflowApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<MlflowErrorBody>;
    if (typeof body.error_code === 'string') {
      return new MlflowApiError(response.status, body.error_code, body.message ?? '', endpoint);
    }
  } catch {
    // not JSON: an HTML error page, a proxy, or a route MLflow does not have
  }
  const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
  const hint = response.status === 404 ? ' (no such endpoint: is this an MLflow 2.x server?)' : '';
  return new MlflowApiError(
    response.status,
    `HTTP_${response.status}`,
    `unexpected ${type} answer${hint}`,
    endpoint,
  );
}

/** Why fetch got no answer: a timeout, or the network's reason (`ECONNREFUSED`, `UND_ERR_SOCKET` …). */
export interface NetworkFailure {
  readonly timeout: boolean;
  readonly reason: string;
  /** The connection was never made, so the server cannot have seen the request. */
  readonly refused: boolean;
}

export function networkFailure(error: unknown): NetworkFailure {
  // Duck-typed: fetch's errors may come from another realm (undici, jest), so no instanceof.
  const { name, message, cause } = (error ?? {}) as {
    name?: string;
    message?: string;
    cause?: unknown;
  };
  if (name === 'TimeoutError') return { timeout: true, reason: 'timeout', refused: false };
  const { code, message: causeMessage } = (cause ?? {}) as { code?: string; message?: string };
  const reason = code ?? causeMessage ?? message ?? String(error);
  return { timeout: false, reason, refused: code === 'ECONNREFUSED' || code === 'ENOTFOUND' };
}

/** Exponential backoff with jitter, or the server's Retry-After, capped at 5 s. */
export function backoffDelay(attempt: number, baseMs: number, retryAfter?: string | null): number {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds)) return Math.min(seconds * 1000, MAX_BACKOFF_MS);
  return Math.min(baseMs * 2 ** attempt * (1 + Math.random() * 0.25), MAX_BACKOFF_MS);
}

/** `mlflow-artifacts:/1/<run>/artifacts` + `model/model.json` → the artifact proxy's path. */
export function artifactEndpoint(artifactUri: string, path: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]+)?\/*(.*)$/.exec(artifactUri);
  if (!match) {
    throw new Error(
      `The run's artifact store is ${artifactUri}, which ml-cli cannot reach over HTTP; ` +
        'run the MLflow server with artifact serving on (mlflow server --serve-artifacts, the default)',
    );
  }
  const [, root = ''] = match;
  const segments = [...root.split('/'), ...path.split('/')].filter((s) => s.length > 0);
  return `api/2.0/mlflow-artifacts/artifacts/${segments.map(encodeURIComponent).join('/')}`;
}

/** The answer, or undefined when MLflow says the thing is not there (see MlflowApiError.kind). */
export async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof MlflowApiError && error.kind === 'missing') return undefined;
    throw error;
  }
}

/** Runs a create call, treating RESOURCE_ALREADY_EXISTS as done. */
export async function unlessExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof MlflowApiError && error.kind === 'exists')) throw error;
  }
}

/** A single-quoted value for MLflow's search filters (`tags.\`k\` = '…'`). */
export function filterValue(value: string): string {
  if (/['\\]/.test(value))
    throw new Error(`Cannot search MLflow for a value holding ' or \\: ${value}`);
  return `'${value}'`;
}
