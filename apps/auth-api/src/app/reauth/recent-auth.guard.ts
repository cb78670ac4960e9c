import { DomainError, DomainErrorCode, PASSWORD_MAX_LENGTH } from '@gatehouse/domain';
import { type CanActivate, type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { clientOf } from '../../common/decorators/client-context.decorator';
import {
  REQUIRES_RECENT_AUTH,
  type RecentAuthOptions,
} from '../../common/decorators/requires-recent-auth.decorator';
import { createValidationPipe } from '../../common/pipes/validation.pipe';
import type { Principal } from '../users/principal';
import { type Proof, ReauthService } from './reauth.service';

const CODE = /^(\d{6}|[a-z0-9]{5}-?[a-z0-9]{5})$/i;
const validation = createValidationPipe();

/**
 * Global guard, after authentication: a route marked @RequiresRecentAuth() runs only for a
 * session that proved its credential within REAUTH_MAX_AGE_SECONDS, or with a proof in the
 * request body, checked here (counted, audited) before the route does anything.
 */
@Injectable()
export class RecentAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly reauth: ReauthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<RecentAuthOptions | undefined>(
      REQUIRES_RECENT_AUTH,
      [context.getHandler(), context.getClass()],
    );
    if (!options) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = request.principal;
    if (!user) throw new DomainError(DomainErrorCode.Unauthenticated, 'sign in first');
    if (options.exceptOwnSession && isOwnSession(request, options.exceptOwnSession, user))
      return true;
    if (await this.reauth.isRecent(user)) return true;
    const proof = proofIn(request.body, user);
    if (!proof)
      throw new DomainError(
        DomainErrorCode.ReauthenticationRequired,
        'confirm it is you: re-authenticate, or send your current password with the request',
      );
    // Guards run before pipes: validate the body first, so a request that will be refused
    // neither spends an attempt nor leaves a recorded proof behind.
    const metatype = bodyMetatype(context);
    if (metatype) await validation.transform(request.body, { type: 'body', metatype });
    await this.reauth.reauthenticate(user, proof, clientOf(request));
    return true;
  }
}

/** The DTO class of the handler's whole-body @Body() parameter, if it has one. */
function bodyMetatype(context: ExecutionContext): Type | undefined {
  const controller = context.getClass();
  const handler = context.getHandler().name;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const body = Object.entries(args).find(
    ([key, arg]) => key.startsWith(`${RouteParamtypes.BODY}:`) && arg.data === undefined,
  );
  if (!body) return undefined;
  const types = Reflect.getMetadata(
    'design:paramtypes',
    controller.prototype as object,
    handler,
  ) as Type[] | undefined;
  return types?.[body[1].index];
}

function isOwnSession(request: FastifyRequest, param: string, user: Principal): boolean {
  const params = request.params as Record<string, unknown> | undefined;
  return params?.[param] === user.sessionId;
}

/**
 * The proof a body carries: `currentPassword`, else `code` when 2FA is on (a route's own
 * `code`, such as the one confirming a new 2FA secret, is no proof while 2FA is off).
 */
export function proofIn(body: unknown, user: Pick<Principal, 'mfaEnabled'>): Proof | null {
  if (typeof body !== 'object' || body === null) return null;
  const { currentPassword, code } = body as Record<string, unknown>;
  if (
    typeof currentPassword === 'string' &&
    currentPassword.length > 0 &&
    currentPassword.length <= PASSWORD_MAX_LENGTH
  )
    return { password: currentPassword };
  if (!user.mfaEnabled || typeof code !== 'string') return null;
  const compact = code.replace(/\s+/g, '');
  return CODE.test(compact) ? { code: compact } : null;
}
