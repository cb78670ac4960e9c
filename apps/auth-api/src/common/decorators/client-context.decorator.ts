import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ClientContext } from '../http/client-context';

/** The caller's IP (X-Forwarded-For only when TRUST_PROXY is on), user agent and trace id. */
export function clientOf(request: FastifyRequest): ClientContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    traceId: request.id,
  };
}

export const Client = createParamDecorator(
  (_: unknown, context: ExecutionContext): ClientContext =>
    clientOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
