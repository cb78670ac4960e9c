import {
  DomainError,
  DomainErrorCode,
  getPermissions,
  hasPermission,
  type Permission,
  Role,
} from '@gatehouse/domain';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { clientOf } from '../../common/decorators/client-context.decorator';
import { REQUIRED_PERMISSIONS } from '../../common/decorators/require-permission.decorator';
import { routeOf } from '../../common/http/route-of';
import { AppConfig } from '../../config/app-config';
import { PrincipalRepository } from '../users/principal.repository';
import { AccessDenialsService } from './access-denials.service';

/** What every account may do: a route needing more is an admin route. */
const PLAIN_USER = getPermissions([Role.User]);

/**
 * Global guard, after AccessTokenGuard: enforces @RequirePermission on the server side. While
 * REQUIRE_ADMIN_MFA is on it also refuses admin routes to an admin without 2FA or a passkey (one whose role
 * came after their sign-in, or whose session predates the setting). A refusal is logged and
 * audited before the 403 is sent.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly denials: AccessDenialsService,
    private readonly config: AppConfig,
    private readonly principals: PrincipalRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(
      REQUIRED_PERMISSIONS,
      [context.getHandler(), context.getClass()],
    );
    if (!required?.length) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    if (!principal)
      throw new DomainError(DomainErrorCode.Unauthenticated, 'a bearer access token is required');
    const missing = required.filter((p) => !hasPermission(principal, p));
    if (missing.length > 0) {
      await this.denials.record(principal, missing, routeOf(request), clientOf(request));
      throw new DomainError(DomainErrorCode.Forbidden, 'you do not have permission to do this');
    }
    const adminRoute = required.some((p) => !PLAIN_USER.has(p));
    if (!adminRoute || principal.mfaEnabled || !this.config.adminMfaRequired) return true;
    if (await this.principals.hasPasskey(principal.id)) return true;
    await this.denials.record(
      principal,
      required,
      routeOf(request),
      clientOf(request),
      'mfa_required',
    );
    throw new DomainError(
      DomainErrorCode.MfaRequired,
      'administrators must turn on two-factor authentication first: sign in again to set it up',
    );
  }
}
