import { DomainError, DomainErrorCode } from '@gatehouse/domain';

/** Why a bearer token was refused: written to the log, never sent to the client. */
export type RefusalReason =
  | 'missing_token'
  | 'malformed_header'
  | 'invalid_token'
  | 'expired_token'
  | 'unknown_user'
  | 'inactive_user'
  | 'tokens_revoked'
  | 'session_ended';

/** A 401 for a bearer token, with the reason and, once its signature holds, whose token it was. */
export class RefusedTokenError extends DomainError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly userId?: string,
  ) {
    super(DomainErrorCode.Unauthenticated, message);
  }
}
