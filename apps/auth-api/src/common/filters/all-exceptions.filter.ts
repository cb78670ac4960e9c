import { RateLimitedError } from '@gatehouse/domain';
import { traceIdOf } from '@gatehouse/server-runtime';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  describeDatabaseError,
} from '../../database/database-errors';
import { DATABASE_UNAVAILABLE, toErrorBody } from './error-body';

/**
 * The one place errors become responses: `{statusCode, error, message, traceId}` plus a code
 * or field errors where known. A database outage is a 503 with Retry-After, logged in one
 * line. Unexpected errors are logged with their stack and answered as a bare 500; no stack or
 * internal message reaches the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}

export function sendError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const body = toErrorBody(exception);
  if (body.code === DATABASE_UNAVAILABLE) {
    // One line, no stack: an outage fails many requests, and the driver says enough.
    logger.error(`database unavailable: ${describeDatabaseError(exception)}`);
    void reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  } else if (body.statusCode >= 500) {
    logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
  }
  if (exception instanceof RateLimitedError)
    void reply.header('Retry-After', String(exception.retryAfterSeconds));
  if (body.statusCode === 401) {
    const hadToken = Boolean(request.headers.authorization);
    void reply.header('WWW-Authenticate', hadToken ? 'Bearer error="invalid_token"' : 'Bearer');
  }
  // The type is set here: a route may have declared another one (text/plain for /metrics).
  void reply
    .status(body.statusCode)
    .type('application/json; charset=utf-8')
    .send({ ...body, traceId: traceIdOf(request) });
}
