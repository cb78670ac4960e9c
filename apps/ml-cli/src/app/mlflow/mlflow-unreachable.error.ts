/** No answer from the tracking server (connection refused, DNS, timeout) after every retry. */
export class MlflowUnreachableError extends Error {
  constructor(
    readonly trackingUri: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(
      `MLflow tracking server at ${trackingUri} is unreachable (${reason}) after ${attempts} attempt${attempts === 1 ? '' : 's'}; ` +
        'start it (docker compose up mlflow), fix MLFLOW_TRACKING_URI, or pass --offline-fallback to log to ./mlruns',
    );
    this.name = 'MlflowUnreachableError';
  }
}
