import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_JSON_DEPTH } from './request-input';
import { UNLIMITED_PATHS } from './unlimited-paths';

interface DocumentedOperation {
  method: string;
  path: string;
  hasPathParams: boolean;
}

interface PlatformError {
  status: number;
  description: string;
  appliesTo(operation: DocumentedOperation): boolean;
}

const always = () => true;
/** Fastify parses a body on every method but GET (and HEAD). */
const takesBody = (op: DocumentedOperation) => op.method !== 'get';
/** Routes that answer from memory: no database or Redis behind them. */
const NO_DEPENDENCY_PATHS = new Set(['/health/live', '/.well-known/jwks.json']);

/**
 * What the HTTP layer (Node's parser, Fastify's router and body parser, the request limits)
 * answers before or around any route, in the shared error shape. Listed here once and added
 * to every operation it can reach, so the document lists every status a client can get.
 */
export const PLATFORM_ERRORS: PlatformError[] = [
  {
    status: 400,
    description:
      `Malformed request: a bad %-escape in the URL, NUL or a lone surrogate in a value, a body ` +
      `that is not a JSON object, nests deeper than ${MAX_JSON_DEPTH} levels or holds ` +
      `__proto__ or another built-in key`,
    appliesTo: always,
  },
  { status: 408, description: 'The request was not received in time', appliesTo: always },
  {
    status: 413,
    description: 'The body is larger than BODY_LIMIT_BYTES',
    appliesTo: takesBody,
  },
  {
    status: 414,
    description: 'A path segment is longer than 100 characters',
    appliesTo: (op) => op.hasPathParams,
  },
  { status: 415, description: 'The body is not application/json', appliesTo: takesBody },
  {
    status: 429,
    description: 'Too many requests (RATE_LIMIT_*): retry after Retry-After seconds',
    appliesTo: (op) => !UNLIMITED_PATHS.has(op.path),
  },
  {
    status: 503,
    description:
      'The database is down, frozen, full or locked (or, for /health, Redis is): ' +
      'retry after Retry-After seconds',
    appliesTo: (op) => !NO_DEPENDENCY_PATHS.has(op.path),
  },
  {
    status: 431,
    description: 'The request line and headers together are over 16 KiB',
    appliesTo: always,
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Adds the platform's answers to every operation of the document that does not list them. */
export function withPlatformErrors(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const hasPathParams = (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'path');
      for (const error of PLATFORM_ERRORS) {
        if (!error.appliesTo({ method, path, hasPathParams })) continue;
        operation.responses[String(error.status)] ??= {
          description: error.description,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
          },
        };
      }
    }
  }
  return document;
}
