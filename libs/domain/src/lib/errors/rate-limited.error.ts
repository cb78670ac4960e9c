import { DomainError, DomainErrorCode } from './domain-error';

/** Too many attempts; the caller may retry after the given number of seconds. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `too many attempts; try again in ${retryAfterSeconds} seconds`,
  ) {
    super(DomainErrorCode.TooManyRequests, message);
    this.name = 'RateLimitedError';
  }
}
