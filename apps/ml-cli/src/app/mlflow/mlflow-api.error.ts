/**
 * The tracking server answered with an error: MLflow's `{error_code, message}` body (e.g. 404
 * RESOURCE_DOES_NOT_EXIST, 400 INVALID_PARAMETER_VALUE), or `HTTP_<status>` for a non-MLflow
 * answer such as the HTML 404 of a removed endpoint.
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

  is(errorCode: string, status?: number): boolean {
    return this.errorCode === errorCode && (status === undefined || this.status === status);
  }
}
