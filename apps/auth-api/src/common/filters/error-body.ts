import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../../database/database-errors';

/** A transient outage of the database (down, frozen, full, locked): retry later. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
const DATABASE_UNAVAILABLE_MESSAGE = 'the database is unavailable; try again shortly';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  errors?: { field: string; messages: string[] }[];
}

/** Each domain code's HTTP status; exhaustive, so a new code cannot be forgotten. */
export function statusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.MfaAlreadyEnabled:
    case DomainErrorCode.LastAdmin:
    case DomainErrorCode.LastSignInMethod:
    case DomainErrorCode.SsoIdentityTaken:
      return HttpStatus.CONFLICT;
    case DomainErrorCode.InvalidCredentials:
    case DomainErrorCode.Unauthenticated:
    case DomainErrorCode.InvalidRefreshToken:
    case DomainErrorCode.RefreshTokenReused:
    case DomainErrorCode.InvalidMfaCode:
    case DomainErrorCode.MfaEnrollmentRequired:
    case DomainErrorCode.PasskeyNotVerified:
    case DomainErrorCode.PasskeyCounterRegressed:
      return HttpStatus.UNAUTHORIZED;
    case DomainErrorCode.AccountInactive:
    case DomainErrorCode.EmailNotVerified:
    case DomainErrorCode.Forbidden:
    case DomainErrorCode.SelfModification:
    case DomainErrorCode.ReauthenticationRequired:
    case DomainErrorCode.MfaRequired:
      return HttpStatus.FORBIDDEN;
    case DomainErrorCode.WeakPassword:
    case DomainErrorCode.WrongPassword:
    case DomainErrorCode.WrongMfaCode:
    case DomainErrorCode.InvalidToken:
    case DomainErrorCode.MfaNotEnabled:
    case DomainErrorCode.UnknownRole:
    case DomainErrorCode.UserRoleRequired:
    case DomainErrorCode.PasskeyRejected:
    case DomainErrorCode.PasswordNotSet:
    case DomainErrorCode.SsoFlowInvalid:
    case DomainErrorCode.SsoResponseInvalid:
    case DomainErrorCode.SsoEmailNotVerified:
      return HttpStatus.BAD_REQUEST;
    case DomainErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case DomainErrorCode.SsoProviderUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/**
 * Fastify's router errors, raised before any route runs (Fastify's parsing errors arrive as
 * HttpExceptions: Nest maps them on the way to the filter).
 */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not valid: a percent sign must start a %XX escape',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment is longer than 100 characters',
};

const withReason = (
  statusCode: number,
  message: string,
  extra: Partial<ErrorBody> = {},
): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...extra,
});

/** Turns anything thrown into the public error shape. Unknown errors become a bare 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (isDatabaseUnavailable(exception)) {
    return withReason(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE, {
      code: DATABASE_UNAVAILABLE,
    });
  }
  if (exception instanceof DomainError) {
    return withReason(statusOf(exception.code), exception.message, { code: exception.code });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'string') return withReason(status, response);
    const { message, errors } = response as { message?: unknown; errors?: ErrorBody['errors'] };
    const text = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : exception.message;
    return withReason(status, text, errors ? { errors } : {});
  }
  const fastify = exception as {
    statusCode?: unknown;
    code?: unknown;
  };
  if (
    typeof fastify.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    const known = typeof fastify.code === 'string' ? FASTIFY_MESSAGES[fastify.code] : undefined;
    return withReason(
      fastify.statusCode,
      known ?? STATUS_CODES[fastify.statusCode] ?? 'Bad request',
    );
  }
  return withReason(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error');
}
