import type { ErrorResponse, FieldError } from '@gatehouse/contracts';
import { DomainErrorCode } from '@gatehouse/domain';

/** auth-api answered with an error (4xx, or a 500): the body is its one error shape. */
export class AuthApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
    readonly retryAfterSeconds?: number,
  ) {
    super(`auth-api answered ${status}${body.code ? ` ${body.code}` : ''}: ${body.message}`);
    this.name = 'AuthApiError';
  }

  get code(): string | undefined {
    return this.body.code;
  }

  get fieldErrors(): FieldError[] {
    return this.body.errors ?? [];
  }
}

export type UnavailableReason = 'breaker-open' | 'timeout' | 'network' | 'bad-gateway';

/** auth-api could not be reached in time, or the breaker is open: the 503 page. */
export class AuthApiUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(`auth-api is unavailable (${reason})`, options);
    this.name = 'AuthApiUnavailableError';
  }
}

/** Inside the policies: a failure worth a retry and counted by the breaker. */
export class TransientFailure extends Error {
  constructor(
    readonly reason: 'network' | 'bad-gateway',
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(status ? `auth-api answered ${status}` : 'auth-api unreachable', options);
    this.name = 'TransientFailure';
  }
}

/** 401 codes about what was typed (a password or a code), not about the access token. */
const NOT_A_TOKEN_PROBLEM = new Set<string>([
  DomainErrorCode.InvalidCredentials,
  DomainErrorCode.InvalidMfaCode,
  DomainErrorCode.WrongPassword,
  // A refused passkey (or a cloned one) at sign-in or when confirming it is you.
  DomainErrorCode.PasskeyNotVerified,
  DomainErrorCode.PasskeyCounterRegressed,
]);

/** 401s that mean "this access token is no good" (not a wrong password or code). */
export function isTokenRejected(error: unknown): boolean {
  return (
    error instanceof AuthApiError &&
    error.status === 401 &&
    !NOT_A_TOKEN_PROBLEM.has(error.code ?? '')
  );
}

/** auth-api wants a recent proof of the credential first: the "Confirm it's you" page. */
export function isReauthRequired(error: unknown): error is AuthApiError {
  return (
    error instanceof AuthApiError &&
    error.status === 403 &&
    error.code === DomainErrorCode.ReauthenticationRequired
  );
}
