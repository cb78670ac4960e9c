import { Writable } from 'node:stream';
import pino from 'pino';
import { AppLogger } from './app-logger';
import { requestContext } from './request-context';
import { REDACTED_PATHS } from './root-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino(
    { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    stream,
  );
  return { sut: new AppLogger(root), lines };
}

describe('AppLogger', () => {
  it('writes the message with Nest context as the last argument', () => {
    const { sut, lines } = capture();
    sut.log('Mapped {/auth/me, GET} route', 'RouterExplorer');
    expect(lines[0]).toMatchObject({
      level: 30,
      context: 'RouterExplorer',
      msg: 'Mapped {/auth/me, GET} route',
    });
    expect(lines[0]).not.toHaveProperty('traceId');
  });

  it("tags lines logged inside a request with the request's trace id", () => {
    const { sut, lines } = capture();
    requestContext.run({ traceId: 'ab12cd34' }, () => sut.warn('refresh token reuse', 'Sessions'));
    expect(lines[0]).toMatchObject({ level: 40, traceId: 'ab12cd34', context: 'Sessions' });
  });

  it("keeps Nest's error(message, stack, context) as an error with that stack", () => {
    const { sut, lines } = capture();
    sut.error('boom', 'Error: boom\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'boom' });
    expect((lines[0]?.['err'] as { stack: string }).stack).toContain('at somewhere');
  });

  it('redacts secrets in logged objects', () => {
    const { sut, lines } = capture();
    sut.log(
      { msg: 'login', body: { email: 'a@example.com', password: 'hunter2-hunter2' } },
      'Auth',
    );
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(lines[0]).toMatchObject({ body: { email: 'a@example.com', password: '[redacted]' } });
  });

  it('skips disabled levels without formatting anything', () => {
    const { sut, lines } = capture();
    sut.verbose('chatty', 'Somewhere');
    expect(lines).toEqual([]);
  });
});
