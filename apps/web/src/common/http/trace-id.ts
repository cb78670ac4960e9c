import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TRACE_HEADER = 'x-request-id';

/** Accepted incoming ids: short and free of anything that could forge a log line. */
const VALID_TRACE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const newTraceId = (): string => randomBytes(4).toString('hex');

/** Keeps a valid incoming X-Request-Id, otherwise makes an 8-character one. */
export function traceIdFor(request: IncomingMessage): string {
  const incoming = request.headers[TRACE_HEADER];
  return typeof incoming === 'string' && VALID_TRACE_ID.test(incoming) ? incoming : newTraceId();
}

/** The trace id Fastify assigned (a Fastify request, or the raw request it wraps). */
export function traceIdOf(request: { id?: unknown; raw?: { id?: unknown } }): string {
  const id = request.id ?? request.raw?.id;
  return typeof id === 'string' ? id : '';
}
