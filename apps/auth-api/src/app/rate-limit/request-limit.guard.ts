import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { UNLIMITED_PATHS } from '../../common/http/unlimited-paths';
import { AppConfig } from '../../config/app-config';
import { clientKey } from './limit-keys';
import { MAIL_REQUEST_LIMITED } from './mail-request-limited.decorator';
import { RateLimitStore, take } from './rate-limit.store';

const SLOW_DOWN = 'too many requests; slow down and try again later';

/**
 * Per client (IP, or IPv6 /64): RATE_LIMIT_GLOBAL_* on every route but health and metrics, and
 * RATE_LIMIT_MAIL_REQUEST_* on the routes marked @MailRequestLimited. Installed only when
 * RATE_LIMIT_ENABLED; a 429 carries Retry-After and the usual error shape.
 */
@Injectable()
export class RequestLimitGuard implements CanActivate {
  private readonly everyRoute: RateLimiterAbstract;
  private readonly mailRequests: RateLimiterAbstract;

  constructor(
    config: AppConfig,
    store: RateLimitStore,
    private readonly reflector: Reflector,
  ) {
    this.everyRoute = store.limiter({
      keyPrefix: 'requests',
      points: config.RATE_LIMIT_GLOBAL_MAX,
      duration: config.RATE_LIMIT_GLOBAL_WINDOW_SECONDS,
    });
    this.mailRequests = store.limiter({
      keyPrefix: 'mail-requests',
      points: config.RATE_LIMIT_MAIL_REQUEST_MAX,
      duration: config.RATE_LIMIT_MAIL_REQUEST_WINDOW_SECONDS,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (UNLIMITED_PATHS.has(request.routeOptions.url ?? '')) return true;
    const client = clientKey(request.ip || null);
    await take(this.everyRoute, client, SLOW_DOWN);
    const handler = context.getHandler();
    if (this.reflector.get<boolean | undefined>(MAIL_REQUEST_LIMITED, handler))
      await take(this.mailRequests, `${handler.name}:${client}`, SLOW_DOWN);
    return true;
  }
}
