import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from '../../app/auth/tokens/access-token.service';
import { PrincipalRepository } from '../../app/users/principal.repository';
import { IS_PUBLIC } from '../decorators/public.decorator';

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/**
 * Global guard: every route needs a valid bearer access token unless marked @Public(). The
 * user row is read on each request, so deactivation, deletion, logout and logout-all take
 * effect at once instead of when the token expires.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (!header)
      throw new DomainError(DomainErrorCode.Unauthenticated, 'a bearer access token is required');
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new DomainError(
        DomainErrorCode.Unauthenticated,
        'the Authorization header must be "Bearer <token>"',
      );

    const claims = this.accessTokens.verify(token);
    const record = await this.principals.find(claims.sub, claims.sid);
    // tokens_valid_after has second precision like iat; a token of that same second is
    // caught by the session check, since logout-all also ends every session.
    const revokedBefore = record?.tokensValidAfter
      ? Math.floor(record.tokensValidAfter.getTime() / 1000)
      : 0;
    if (!record?.isActive || !record.sessionLive || claims.iat < revokedBefore) {
      throw new DomainError(DomainErrorCode.Unauthenticated, 'access token has been revoked');
    }
    request.principal = { ...record, sessionId: claims.sid };
    return true;
  }
}
