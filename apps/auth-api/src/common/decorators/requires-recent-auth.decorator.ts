import { ErrorResponse, RecentAuthProofDto } from '@gatehouse/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

export const REQUIRES_RECENT_AUTH = 'requiresRecentAuth';

export interface RecentAuthOptions {
  /** A route parameter naming a session: the caller's own session needs no re-check. */
  exceptOwnSession?: string;
  /** The route has no body of its own: document the proof as its (optional) body. */
  proofBody?: boolean;
}

/**
 * The route needs a recent proof of the credential (ASVS 7.5.1): a sign-in or a
 * re-authentication within REAUTH_MAX_AGE_SECONDS, or `currentPassword` (or `code`, with 2FA
 * on) in the body. Otherwise 403 REAUTHENTICATION_REQUIRED. Enforced by RecentAuthGuard.
 */
export const RequiresRecentAuth = (options: RecentAuthOptions = {}) =>
  applyDecorators(
    SetMetadata(REQUIRES_RECENT_AUTH, options),
    ApiForbiddenResponse({
      type: ErrorResponse,
      description:
        'REAUTHENTICATION_REQUIRED: no sign-in or re-authentication within ' +
        'REAUTH_MAX_AGE_SECONDS; call POST /auth/reauthenticate or send `currentPassword` ' +
        '(or `code`, with 2FA on) in the body',
    }),
    ApiErrors(400, 429),
    ...(options.proofBody ? [ApiBody({ type: RecentAuthProofDto, required: false })] : []),
  );
