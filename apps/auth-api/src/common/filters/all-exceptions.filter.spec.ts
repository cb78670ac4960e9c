import type { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { TypeOrmLogger } from '../../database/typeorm-logger';
import { sendError } from './all-exceptions.filter';

/** A reply that records what the filter sets. */
function recordingReply() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (code: number) => ((sent.status = code), reply),
    type: () => reply,
    send: (body: unknown) => ((sent.body = body), reply),
  };
  return { sent, reply: reply as unknown as FastifyReply };
}

describe(sendError.name, () => {
  const secrets = ['ada@example.com', '$argon2id$v=19$secret'];
  const outage = new QueryFailedError(
    'INSERT INTO users (email, password_hash) VALUES (?, ?)',
    secrets,
    Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
  );

  it('answers a database outage 503 with Retry-After, and logs it in one line without the query', () => {
    const errors: string[] = [];
    const logger = { error: (line: string) => errors.push(line) } as unknown as Logger;
    const { sent, reply } = recordingReply();
    sendError(outage, { id: 'trace-1', headers: {} } as FastifyRequest, reply, logger);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('5');
    expect(sent.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is unavailable; try again shortly',
      code: 'DATABASE_UNAVAILABLE',
      traceId: 'trace-1',
    });
    expect(errors).toEqual(['database unavailable: SQLITE_FULL: database or disk is full']);
  });

  it('is not logged a second time by the TypeORM logger', () => {
    const sut = new TypeOrmLogger();
    const warn = jest.spyOn(
      (sut as unknown as { logger: { warn: (line: string) => void } }).logger,
      'warn',
    );
    sut.logQueryError(outage);
    expect(warn).not.toHaveBeenCalled();
  });
});
