import { DomainError, DomainErrorCode, hasPermission, type Permission } from '@gatehouse/domain';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { REQUIRED_PERMISSIONS } from '../decorators/require-permission.decorator';

/** Global guard, after AccessTokenGuard: enforces @RequirePermission on the server side. */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(
      REQUIRED_PERMISSIONS,
      [context.getHandler(), context.getClass()],
    );
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal)
      throw new DomainError(DomainErrorCode.Unauthenticated, 'a bearer access token is required');
    if (!required.every((p) => hasPermission(principal, p))) {
      throw new DomainError(DomainErrorCode.Forbidden, 'you do not have permission to do this');
    }
    return true;
  }
}
