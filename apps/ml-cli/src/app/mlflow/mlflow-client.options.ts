/** How MlflowClient reaches the tracking server; built from AppConfig (see tracking.module.ts). */
export interface MlflowClientOptions {
  /** `http(s)://host:port`, optionally with a path prefix. */
  readonly trackingUri: string;
  readonly timeoutMs: number;
  /** Retries after network errors, timeouts, 429 and 5xx answers (creates check first, see MlflowClient). */
  readonly maxRetries: number;
  /** First backoff delay; doubled on every retry (with jitter), capped at 5 s. */
  readonly retryDelayMs?: number;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

export const MLFLOW_CLIENT_OPTIONS = Symbol('MLFLOW_CLIENT_OPTIONS');
