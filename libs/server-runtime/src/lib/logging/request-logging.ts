import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { TRACE_HEADER } from '../http/trace-id';
import { requestContext } from './request-context';

export interface RequestLoggingOptions {
  /** Paths (without the query) that get no access line: probes, static assets. */
  isQuiet: (path: string) => boolean;
}

/**
 * The trace id (Fastify's request id, see traceIdFor) echoed as X-Request-Id, one access-log line
 * per request, written when the response is sent, and the request context (trace id) for every
 * line logged while handling it. Fastify hooks on the root logger: no per-request child logger or
 * middleware, which cost half of an auth-api /auth/me request's time.
 */
export function registerRequestLogging(
  fastify: FastifyInstance,
  logger: pino.Logger,
  options: RequestLoggingOptions,
): void {
  const { isQuiet } = options;
  // The access line is built field by field from known values below, so it skips the root's
  // wildcard redaction (a measurable cost on every request).
  const access = logger.child({}, { redact: { paths: [] } });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(TRACE_HEADER, request.id);
    done();
  });
  // After body parsing: the parser's stream callbacks would not carry a context entered earlier.
  fastify.addHook('preHandler', (request, _reply, done) => {
    requestContext.run({ traceId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (!isQuiet(path)) {
      const statusCode = reply.statusCode;
      access[statusCode >= 500 ? 'error' : 'info'](
        {
          traceId: request.id,
          // The path only: a query string may carry one-time tokens or an email address.
          req: { method: request.method, url: path, remoteAddress: request.ip },
          res: { statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
