/**
 * What an MLflow error means for the caller, read from its `error_code` and message rather than
 * the HTTP status alone (the real server answers a missing artifact file with 500, an unknown
 * alias with 400):
 * - `missing`: the thing is not there (and will not appear by asking again);
 * - `exists`: a create found it already made;
 * - `rejected`: the request itself is wrong or not allowed: retrying cannot help;
 * - `retryable`: the server could not serve it now (overloaded, locked database, a proxy's 502).
 */
export type MlflowErrorKind = 'missing' | 'exists' | 'rejected' | 'retryable';

/** The artifact proxy's words for a file it does not have (a 500 INTERNAL_ERROR in MLflow 2.12). */
const MISSING_FILE = /No such file or directory|failures occurred while downloading/;
/** The registry's words for an alias (or model) it does not have (a 400, not a 404). */
const MISSING_ALIAS = /^Registered model alias .+ not found\.?$/;
const RETRYABLE_CODES = new Set([
  'TEMPORARILY_UNAVAILABLE',
  'REQUEST_LIMIT_EXCEEDED',
  'INTERNAL_ERROR',
]);

/**
 * The tracking server answered with an error: MLflow's `{error_code, message}` body (e.g. 404
 * RESOURCE_DOES_NOT_EXIST, 400 INVALID_PARAMETER_VALUE), or `HTTP_<status>` for a non-MLflow
 * answer such as Flask's HTML 404 of a route that does not exist.
 */
export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly serverMessage: string,
    readonly endpoint: string,
  ) {
    super(`MLflow ${endpoint} failed: ${status} ${errorCode}: ${serverMessage}`);
    this.name = 'MlflowApiError';
  }

  get kind(): MlflowErrorKind {
    const { errorCode, serverMessage, status } = this;
    if (errorCode === 'RESOURCE_DOES_NOT_EXIST') return 'missing';
    if (errorCode === 'INTERNAL_ERROR' && MISSING_FILE.test(serverMessage)) return 'missing';
    if (errorCode === 'INVALID_PARAMETER_VALUE' && MISSING_ALIAS.test(serverMessage)) {
      return 'missing';
    }
    if (errorCode === 'RESOURCE_ALREADY_EXISTS') return 'exists';
    if (RETRYABLE_CODES.has(errorCode) || status === 429 || status >= 500) return 'retryable';
    return 'rejected';
  }

  is(errorCode: string, status?: number): boolean {
    return this.errorCode === errorCode && (status === undefined || this.status === status);
  }
}
