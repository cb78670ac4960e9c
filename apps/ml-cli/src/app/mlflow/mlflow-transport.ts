import { Logger } from '@nestjs/common';
import { DelegateBackoff, handleType, type IRetryBackoffContext, retry } from 'cockatiel';
import { MlflowApiError } from './mlflow-api.error';
import { type MlflowClientOptions } from './mlflow-client.options';
import { MlflowTimeoutError, MlflowUnreachableError } from './mlflow-connection.error';
import {
  backoffDelay,
  type NetworkFailure,
  networkFailure,
  requestHeaders,
  toApiError,
} from './mlflow-http';

export interface RequestSpec<T> {
  readonly query?: Record<string, string>;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  /** Answer raw bytes instead of parsing JSON. */
  readonly raw?: boolean;
  /**
   * For requests that create something: after a failure that the server may have acted on (a
   * timeout, a dropped connection, a 5xx), find what the earlier attempt made, so that it is
   * returned instead of being made twice. Without it the request is taken to be idempotent.
   */
  readonly landed?: () => Promise<T | undefined>;
}

type Failure = MlflowApiError | NetworkFailure;
type Attempt<T> = { readonly value: T } | { readonly failure: Failure };

/** An attempt that failed in a way another may not: the only error the retry policy retries. */
class RetryableFailure extends Error {
  constructor(readonly failure: Failure) {
    super('retryable MLflow failure');
  }
}

/**
 * HTTP to the tracking server on global `fetch`: a timeout on every request, retries with
 * backoff for what may pass (timeouts, network errors, 429, 5xx that are not a missing file),
 * none for what will not (MLflow's 4xx, missing resources). Bodies and credentials are never
 * logged, and the tracking URI only without user info.
 */
export class MlflowTransport {
  private readonly logger = new Logger('MlflowClient');
  readonly base: string;

  constructor(private readonly options: MlflowClientOptions) {
    this.base = options.trackingUri.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, spec: RequestSpec<T> = {}): Promise<T> {
    const url = new URL(`${this.base}/${path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, value);
    const endpoint = `${method} ${path.replace(/^api\/2\.0\/(mlflow\/)?/, '')}`;
    const init: RequestInit = {
      method,
      headers: requestHeaders(
        this.options,
        spec.json !== undefined ? 'json' : spec.bytes ? 'bytes' : undefined,
      ),
    };
    if (spec.json !== undefined) init.body = JSON.stringify(spec.json);
    else if (spec.bytes) init.body = spec.bytes;
    const policy = this.retryPolicy();
    policy.onRetry((event) => {
      const failure = failureOf(event);
      const why = failure instanceof MlflowApiError ? `HTTP ${failure.status}` : failure?.reason;
      this.logger.warn(`${endpoint}: ${why}; retry ${event.attempt}/${this.options.maxRetries}`);
    });
    let attempts = 0;
    try {
      return await policy.execute(async () => {
        attempts++;
        const outcome = await this.attempt<T>(url, init, spec, endpoint);
        if ('value' in outcome) return outcome.value;
        const { failure } = outcome;
        if (failure instanceof MlflowApiError && failure.kind !== 'retryable') throw failure;
        const reached = failure instanceof MlflowApiError || !failure.refused;
        if (spec.landed && reached) {
          const made = await spec.landed();
          if (made !== undefined) {
            this.logger.warn(`${endpoint}: the earlier attempt had gone through; not repeated`);
            return made;
          }
        }
        throw new RetryableFailure(failure);
      });
    } catch (error) {
      if (error instanceof RetryableFailure)
        throw this.finalError(error.failure, endpoint, attempts);
      throw error;
    }
  }

  /** MLFLOW_MAX_RETRIES retries of retryable failures only, with exponential backoff or Retry-After. */
  private retryPolicy() {
    const baseMs = this.options.retryDelayMs ?? 250;
    return retry(handleType(RetryableFailure), {
      maxAttempts: this.options.maxRetries,
      backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
        backoffDelay(context.attempt - 1, baseMs, retryAfterOf(failureOf(context.result))),
      ),
    });
  }

  private async attempt<T>(
    url: URL,
    init: RequestInit,
    spec: RequestSpec<T>,
    endpoint: string,
  ): Promise<Attempt<T>> {
    const started = Date.now();
    let text: string;
    try {
      const response = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      this.logger.debug(`${endpoint} → ${response.status} (${Date.now() - started} ms)`);
      if (!response.ok) {
        const failure = await toApiError(response, endpoint);
        retryAfter.set(failure, response.headers.get('retry-after'));
        return { failure };
      }
      if (spec.raw) return { value: new Uint8Array(await response.arrayBuffer()) as T };
      text = await response.text();
    } catch (error) {
      // Reading the body can time out or be cut too: the same as no answer.
      return { failure: networkFailure(error) };
    }
    try {
      return { value: (text ? JSON.parse(text) : {}) as T };
    } catch {
      throw new MlflowApiError(200, 'INVALID_ANSWER', 'the answer is not JSON', endpoint);
    }
  }

  private finalError(failure: Failure, endpoint: string, attempts: number) {
    if (failure instanceof MlflowApiError) return failure;
    if (failure.timeout) {
      return new MlflowTimeoutError(this.base, endpoint, this.options.timeoutMs, attempts);
    }
    return new MlflowUnreachableError(this.base, failure.reason, attempts);
  }
}

/** The Retry-After header of a 429/503, kept beside the error it came with. */
const retryAfter = new WeakMap<MlflowApiError, string | null>();
const retryAfterOf = (failure: Failure | undefined) =>
  failure instanceof MlflowApiError ? retryAfter.get(failure) : undefined;

/** The failure behind a retried attempt, from the policy's view of it. */
const failureOf = (result: { error: Error } | { value: unknown }): Failure | undefined =>
  'error' in result && result.error instanceof RetryableFailure ? result.error.failure : undefined;
