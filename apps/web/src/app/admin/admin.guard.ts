import { hasPermission, Permission } from '@gatehouse/domain';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Admin pages need the admin role: anyone else gets the 403 page, a signed-out visitor the
 * login page. auth-api enforces the same rule on every call; this only spares a pointless one.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = await context.switchToHttp().getRequest<FastifyRequest>().userSession.me();
    if (!hasPermission(user, Permission.UsersRead)) throw new ForbiddenException();
    return true;
  }
}
