import { RateLimitedError } from '@gatehouse/domain';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { EMAIL_LIMITED } from './email-limited.decorator';

const UNLIMITED_PATHS = new Set(['/health', '/health/live', '/metrics']);

/**
 * Two limits through @nestjs/throttler: `global` per IP on every route but health and
 * metrics, and `email` per address on the routes marked @EmailLimited. A 429 carries
 * Retry-After and the usual error shape.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return UNLIMITED_PATHS.has(request.routeOptions.url ?? '') || super.shouldSkip(context);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name === 'email') {
      const marked = this.reflector.getAllAndOverride<boolean>(EMAIL_LIMITED, [
        props.context.getHandler(),
      ]);
      if (!marked) return true;
    }
    return super.handleRequest(props);
  }

  protected override throwThrottlingException(
    _: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(
      detail.timeToBlockExpire,
      'too many requests; slow down and try again later',
    );
  }
}
