import { newTraceId } from '@gatehouse/server-runtime';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How deep a JSON body may nest. No route takes more than two levels; the limit only has to
 * stop a body of a few KiB nesting thousands of levels, which overflows the stack of the
 * recursive validation (class-transformer, class-validator) and became a 500.
 */
export const MAX_JSON_DEPTH = 32;

type ParserDone = (error: Error | null, body?: unknown) => void;
type FieldProblem = { field: string; messages: string[] };

/** In a `u` regex a surrogate pair is one code point; only a lone half is category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/** NUL cannot be stored in PostgreSQL text, and a lone surrogate is not text at all. */
function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  return undefined;
}

const pathOf = (parent: string, key: string | number) =>
  parent ? `${parent}.${String(key)}` : String(key);

/** Walks a parsed body without recursion, so any depth is inspected safely. */
function bodyProblems(root: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem)
        problems.push({ field: path || 'body', messages: [`${path || 'body'} ${problem}`] });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return [
        { field: path || 'body', messages: [`body nests deeper than ${MAX_JSON_DEPTH} levels`] },
      ];
    }
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) problems.push({ field: path || 'body', messages: [`a key ${keyProblem}`] });
      stack.push({
        value: child,
        path: pathOf(path, Array.isArray(value) ? Number(key) : key),
        depth: depth + 1,
      });
    }
  }
  return problems;
}

const refuse = (problems: FieldProblem[]) =>
  new BadRequestException({
    message: problems.flatMap((p) => p.messages).join('; '),
    errors: problems,
  });

/** Fastify's parser says "not valid JSON" for prototype keys too: say which it was. */
function describeParseError(error: Error & { code?: string }, text: string): string {
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return 'request body is empty but content-type is application/json';
  try {
    JSON.parse(text);
  } catch {
    return 'request body is not valid JSON';
  }
  return 'request body must not hold __proto__ or constructor.prototype keys';
}

/**
 * The only body parser: JSON, with prototype keys refused (as Fastify's default parser does),
 * the nesting bounded and every string and key checked. Other media types answer 415.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request: FastifyRequest, body: string | Buffer, done: ParserDone) => {
      const text = body.toString();
      void parseJson(request, text, (error: Error | null, parsed?: unknown) => {
        if (error) return done(new BadRequestException(describeParseError(error, text)));
        const problems = bodyProblems(parsed);
        done(problems.length > 0 ? refuse(problems) : null, parsed);
      });
    },
  );
  fastify.addContentTypeParser('*', (_request, _payload, done: ParserDone) =>
    done(new UnsupportedMediaTypeException('send the request body as application/json')),
  );
}

/** Query values get the string rules of bodies: `?q=%00` reached PostgreSQL and was a 500. */
export function registerQueryCheck(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problems: FieldProblem[] = [];
    for (const [name, raw] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        const problem = typeof value === 'string' ? stringProblem(value) : undefined;
        if (problem) problems.push({ field: name, messages: [`${name} ${problem}`] });
      }
    }
    done(problems.length > 0 ? refuse(problems) : undefined);
  });
}

/**
 * Errors Node's HTTP parser raises before there is a request (oversized request line or
 * headers, malformed HTTP, a slow client): answered in the usual error shape, then closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [statusCode, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request line and headers together must stay under 16 KiB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request was not received in time']
        : [400, 'the request is not valid HTTP'];
  const status = STATUS_CODES[statusCode] ?? 'Error';
  const body = JSON.stringify({ statusCode, error: status, message, traceId: newTraceId() });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
