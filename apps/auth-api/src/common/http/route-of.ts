import type { FastifyRequest } from 'fastify';

/** "GET /users/:id": the matched route's pattern, not the URL (ids, query strings). */
export const routeOf = (request: FastifyRequest): string =>
  `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
