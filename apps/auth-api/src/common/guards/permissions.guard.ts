import { DomainError, DomainErrorCode, hasPermission, type Permission } from '@gatehouse/domain';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessDenialsService } from '../../app/audit/access-denials.service';
import { clientOf } from '../decorators/client-context.decorator';
import { REQUIRED_PERMISSIONS } from '../decorators/require-permission.decorator';
import { routeOf } from '../http/route-of';

/**
 * Global guard, after AccessTokenGuard: enforces @RequirePermission on the server side. A
 * refusal is logged and audited before the 403 is sent.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly denials: AccessDenialsService,
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
    if (missing.length === 0) return true;
    await this.denials.record(principal, missing, routeOf(request), clientOf(request));
    throw new DomainError(DomainErrorCode.Forbidden, 'you do not have permission to do this');
  }
}
