/** The tracking server could not be talked to: unreachable, or too slow to answer. */
export abstract class MlflowConnectionError extends Error {
  constructor(
    message: string,
    readonly trackingUri: string,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** No connection to the tracking server (refused, DNS, reset) after every retry. */
export class MlflowUnreachableError extends MlflowConnectionError {
  constructor(
    trackingUri: string,
    readonly reason: string,
    attempts: number,
  ) {
    super(
      `MLflow tracking server at ${trackingUri} is unreachable (${reason}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
      trackingUri,
      attempts,
    );
    this.name = 'MlflowUnreachableError';
  }
}

/**
 * The tracking server took the request but sent no answer within MLFLOW_TIMEOUT_MS, on every
 * attempt. It may still have acted on it: creates check for that before they retry.
 */
export class MlflowTimeoutError extends MlflowConnectionError {
  constructor(
    trackingUri: string,
    readonly endpoint: string,
    readonly timeoutMs: number,
    attempts: number,
  ) {
    super(
      `MLflow tracking server at ${trackingUri} did not answer ${endpoint} within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`,
      trackingUri,
      attempts,
    );
    this.name = 'MlflowTimeoutError';
  }
}
