import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  type IPolicy,
  type RetryPolicy,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  halfJitterGenerator,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { AuthApiUnavailableError, TransientFailure } from './auth-api.errors';

export interface ResilienceOptions {
  timeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  breakerFailures: number;
  halfOpenAfterMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Network errors, timeouts and 502/503/504: retried (idempotent calls) and counted by the breaker. */
const isTransient = (error: Error) =>
  error instanceof TransientFailure || error instanceof TaskCancelledError;

export interface Policies {
  breaker: CircuitBreakerPolicy;
  /** The retry step alone: its onRetry events carry each chosen delay. */
  retry: RetryPolicy;
  /** Retry → breaker → per-attempt timeout: every attempt passes the breaker and has its own timeout. */
  idempotent: IPolicy;
  /** Breaker → timeout, no retry: for calls that must not run twice (POSTs). */
  once: IPolicy;
}

export function buildPolicies(options: ResilienceOptions): Policies {
  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerFailures),
  });
  const attemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const retries = retry(handleWhen(isTransient), {
    maxAttempts: options.retries,
    // Retry n waits a random time in [d/2, d), d = base · 2^(n-1) capped at max: exponential
    // growth, with jitter so that many web instances do not retry in step.
    backoff: new ExponentialBackoff({
      initialDelay: options.retryBaseMs,
      maxDelay: options.retryMaxMs,
      generator: halfJitterGenerator,
    }),
  });
  return {
    breaker,
    retry: retries,
    idempotent: wrap(retries, breaker, attemptTimeout),
    once: wrap(breaker, attemptTimeout),
  };
}

export function breakerStateOf(breaker: CircuitBreakerPolicy): BreakerState {
  switch (breaker.state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
    case CircuitState.Isolated:
      return 'open';
  }
}

/** What a failed policy execution means for the page: the 503, or a programming error. */
export function toUnavailable(error: unknown): unknown {
  if (error instanceof BrokenCircuitError)
    return new AuthApiUnavailableError('breaker-open', { cause: error });
  if (error instanceof TaskCancelledError)
    return new AuthApiUnavailableError('timeout', { cause: error });
  if (error instanceof TransientFailure)
    return new AuthApiUnavailableError(error.reason, { cause: error });
  return error;
}
