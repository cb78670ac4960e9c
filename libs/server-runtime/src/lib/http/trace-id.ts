import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TRACE_HEADER = 'x-request-id';

/** Accepted incoming ids: short and free of anything that could forge a log line. */
const VALID_TRACE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** 8 hex characters; randomUUID draws from a batched entropy pool, cheaper than randomBytes. */
export const newTraceId = (): string => randomUUID().slice(0, 8);

/** Keeps a valid incoming X-Request-Id, otherwise makes an 8-character one (Fastify's genReqId). */
export function traceIdFor(request: IncomingMessage): string {
  const incoming = request.headers[TRACE_HEADER];
  return typeof incoming === 'string' && VALID_TRACE_ID.test(incoming) ? incoming : newTraceId();
}

/** The trace id Fastify assigned (a Fastify request, or the raw request it wraps). */
export function traceIdOf(request: { id?: unknown; raw?: object }): string {
  const id = request.id ?? (request.raw as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : '';
}
