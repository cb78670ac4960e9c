import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Content-Security-Policy that lets the Swagger UI at /docs load its own scripts and styles. */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
    },
  },
};

/**
 * The headers helmet sets for these options. None depends on the request (no nonces), so
 * helmet runs once, against a recording response, instead of on every request.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(HELMET_OPTIONS)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => (failure = error),
  );
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return headers;
}

/**
 * helmet's security headers, and `Cache-Control: no-store`, on every response. Setting a precomputed set costs a fraction of
 * running the middleware per request (which was about a tenth of a `/auth/me` in profiles).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  // Answers carry tokens, secrets and account data, errors included: no cache keeps them. A
  // route that may be cached says so itself (the JWKS), replacing this.
  const headers = { ...helmetHeaders(), 'cache-control': 'no-store' };
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
