import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC, OPTIONAL_AUTH } from '../../common/decorators/public.decorator';
import { routeOf } from '../../common/http/route-of';
import type { Principal } from '../users/principal';
import { PrincipalRepository } from '../users/principal.repository';
import { AccessTokenService } from './tokens/access-token.service';
import { type RefusalReason, RefusedTokenError } from './tokens/refused-token.error';

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/**
 * Global guard: every route needs a valid bearer access token unless marked @Public(). The
 * user row is read on each request, so deactivation, deletion, logout and logout-all take
 * effect at once instead of when the token expires.
 *
 * Each refusal is a warn line (ASVS 16.3.2) with the reason, the route and, once the signature
 * holds, the user; never the token. Refusals are not audited: anyone can send a bad token, and
 * the audit table must not grow at an anonymous caller's pace.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  private readonly logger = new Logger(AccessTokenGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets);
      if (!optional || !request.headers.authorization) return true;
    }
    try {
      request.principal = await this.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof RefusedTokenError) {
        this.logger.warn({
          msg: 'bearer token refused',
          reason: error.reason,
          ...(error.userId ? { userId: error.userId } : {}),
          route: routeOf(request),
        });
      }
      throw error;
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) throw new RefusedTokenError('missing_token', 'a bearer access token is required');
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new RefusedTokenError(
        'malformed_header',
        'the Authorization header must be "Bearer <token>"',
      );

    const claims = this.accessTokens.verify(token);
    const revoked = (reason: RefusalReason) =>
      new RefusedTokenError(reason, 'access token has been revoked', claims.sub);
    const record = await this.principals.find(claims.sub, claims.sid);
    if (!record) throw revoked('unknown_user');
    if (!record.isActive) throw revoked('inactive_user');
    // tokens_valid_after has second precision like iat; a token of that same second is
    // caught by the session check, since logout-all also ends every session.
    const revokedBefore = record.tokensValidAfter
      ? Math.floor(record.tokensValidAfter.getTime() / 1000)
      : 0;
    if (claims.iat < revokedBefore) throw revoked('tokens_revoked');
    if (!record.sessionLive) throw revoked('session_ended');
    return { ...record, sessionId: claims.sid };
  }
}
