import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';

/** A state-changing request without a valid CSRF token: the 403 page, nothing changed. */
export class CsrfError extends Error {
  readonly statusCode = 403;

  constructor(reason: string) {
    super(reason);
    this.name = 'CsrfError';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A preHandler (the form body is parsed by then) that runs @fastify/csrf-protection's check on
 * every unsafe request. The plugin answers a failure with `reply.send(error)`; here it becomes
 * a CsrfError instead, so that the page filter can tell it from any other 403.
 */
export function csrfHook(fastify: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (SAFE_METHODS.has(request.method)) return done();
    const checking = {
      unsignCookie: reply.unsignCookie.bind(reply),
      send: (error: Error) => done(new CsrfError(error.message)),
    } as unknown as FastifyReply;
    fastify.csrfProtection(request, checking, done);
  };
}
