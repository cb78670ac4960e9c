import { Logger } from '@nestjs/common';
import { json, ScriptedServer, sequence, slow } from '../../test/support/scripted-server';
import { loadConfig } from '../config/load-config';
import { AuthApiClient } from './auth-api.client';
import { AuthApiError, AuthApiUnavailableError } from './auth-api.errors';

const ctx = { traceId: 'trace-123' };

function clientFor(url: string, env: Record<string, string> = {}): AuthApiClient {
  return new AuthApiClient(
    loadConfig({
      AUTH_API_URL: url,
      AUTH_API_TIMEOUT_MS: '200',
      AUTH_API_RETRIES: '2',
      AUTH_API_RETRY_BASE_MS: '40',
      AUTH_API_RETRY_MAX_MS: '200',
      AUTH_API_BREAKER_FAILURES: '5',
      AUTH_API_BREAKER_HALF_OPEN_MS: '300',
      ...env,
    }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(AuthApiClient.name, () => {
  let server: ScriptedServer;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => (server = await new ScriptedServer().start()));
  afterEach(() => server.stop());

  it('sends the trace id, the bearer token and a JSON body, and parses the answer', async () => {
    server.behaviour = json(200, { id: 'u1', email: 'ada@example.com' });
    const sut = clientFor(server.url);

    const user = await sut.updateMe(
      { ...ctx, token: 'access-1', userAgent: 'Firefox', ip: '203.0.113.7' },
      { firstName: 'Ada' },
    );

    expect(user).toEqual({ id: 'u1', email: 'ada@example.com' });
    const [hit] = server.hits;
    expect(hit?.method).toBe('PATCH');
    expect(hit?.url).toBe('/auth/me');
    expect(hit?.headers['x-request-id']).toBe('trace-123');
    expect(hit?.headers['authorization']).toBe('Bearer access-1');
    expect(hit?.headers['user-agent']).toBe('Firefox');
    expect(hit?.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(JSON.parse(hit?.body ?? '')).toEqual({ firstName: 'Ada' });
  });

  it('puts query parameters on GETs, leaving out empty ones', async () => {
    server.behaviour = json(200, { items: [], total: 0, page: 2, limit: 20 });
    await clientFor(server.url).listUsers(ctx, { page: 2, limit: 20, q: '' });
    expect(server.hits[0]?.url).toBe('/users?page=2&limit=20');
  });

  it('turns a 4xx into AuthApiError with its code, field errors and Retry-After, and never retries it', async () => {
    server.behaviour = json(
      429,
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'slow down',
        traceId: 't',
        code: 'TOO_MANY_REQUESTS',
      },
      { 'retry-after': '120' },
    );
    const sut = clientFor(server.url);

    const error = await failureOf(sut.me(ctx));

    expect(error).toBeInstanceOf(AuthApiError);
    expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 120 });
    expect(server.hits).toHaveLength(1);
  });

  it('keeps validation errors field by field', async () => {
    const errors = [{ field: 'email', messages: ['email must be a valid email address'] }];
    server.behaviour = json(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid',
      traceId: 't',
      errors,
    });
    const error = (await failureOf(
      clientFor(server.url).register(ctx, { email: 'x', password: 'p' }),
    )) as AuthApiError;
    expect(error.fieldErrors).toEqual(errors);
  });

  it('retries an idempotent call after 502/503/504, waiting between attempts', async () => {
    server.behaviour = sequence(2, json(503, {}), json(200, { status: 'ok' }));
    const sut = clientFor(server.url);

    await expect(sut.sessions(ctx)).resolves.toEqual({ status: 'ok' });

    expect(server.hits).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = server.hits.map((h) => h.at);
    // Base 40 ms: the waits are at least 20 and 40 ms (their exact ranges: resilience.spec.ts).
    expect(second - first).toBeGreaterThanOrEqual(19);
    expect(third - second).toBeGreaterThanOrEqual(39);
  });

  it('spreads the retry delays (jitter)', async () => {
    server.behaviour = (hit, res, index) =>
      (index % 2 === 0 ? json(503, {}) : json(200, {}))(hit, res, index);
    const sut = clientFor(server.url, {
      AUTH_API_RETRY_BASE_MS: '100',
      AUTH_API_BREAKER_FAILURES: '100',
    });
    for (let i = 0; i < 6; i++) await sut.me(ctx);
    const waits = new Set<number>();
    for (let i = 0; i < server.hits.length; i += 2)
      waits.add((server.hits[i + 1]?.at ?? 0) - (server.hits[i]?.at ?? 0));
    expect(waits.size).toBeGreaterThan(1);
  });

  it('gives up after AUTH_API_RETRIES retries with AuthApiUnavailableError', async () => {
    server.behaviour = json(502, {});
    const error = await failureOf(clientFor(server.url).me(ctx));
    expect(error).toBeInstanceOf(AuthApiUnavailableError);
    expect(error).toMatchObject({ reason: 'bad-gateway' });
    expect(server.hits).toHaveLength(3);
  });

  it('never retries a POST, which must not run twice', async () => {
    server.behaviour = json(503, {});
    const error = await failureOf(
      clientFor(server.url).login(ctx, { email: 'a@example.com', password: 'x' }),
    );
    expect(error).toBeInstanceOf(AuthApiUnavailableError);
    expect(server.hits).toHaveLength(1);
  });

  it('does not retry a 500: it is an answer, not an outage', async () => {
    server.behaviour = json(500, {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal server error',
      traceId: 't',
    });
    const error = await failureOf(clientFor(server.url).me(ctx));
    expect(error).toMatchObject({ status: 500 });
    expect(server.hits).toHaveLength(1);
  });

  it('times out each attempt after AUTH_API_TIMEOUT_MS', async () => {
    server.behaviour = slow(2_000);
    const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });

    const started = Date.now();
    const error = await failureOf(sut.me(ctx));
    const elapsed = Date.now() - started;

    expect(error).toMatchObject({ name: 'AuthApiUnavailableError', reason: 'timeout' });
    // Gave up after its own 200 ms, before the server's answer at 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('retries a timed-out idempotent call, each attempt with its own timeout', async () => {
    server.behaviour = sequence(1, slow(2_000), json(200, { ok: true }));
    const started = Date.now();
    await expect(clientFor(server.url).me(ctx)).resolves.toEqual({ ok: true });
    expect(server.hits).toHaveLength(2);
    // The second attempt answered: the first one's slow reply (2 s) was not awaited.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries network errors while auth-api is down, then reports it unavailable', async () => {
    const sut = clientFor(server.url, { AUTH_API_BREAKER_FAILURES: '100' });
    await server.stop();
    const error = await failureOf(sut.me(ctx));
    expect(error).toMatchObject({ name: 'AuthApiUnavailableError', reason: 'network' });
  });

  describe('circuit breaker', () => {
    it('opens after 5 consecutive failures, then fails at once without calling auth-api', async () => {
      server.behaviour = json(503, {});
      const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });

      for (let i = 0; i < 5; i++) await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('open');
      expect(server.hits).toHaveLength(5);

      // Failing at once means without a request: the server now stalls, and sees nothing.
      server.behaviour = slow(2_000);
      const error = await failureOf(sut.me(ctx));
      expect(error).toMatchObject({ reason: 'breaker-open' });
      expect(server.hits).toHaveLength(5);
    });

    it('counts every retried attempt: two failing idempotent calls open it', async () => {
      server.behaviour = json(504, {});
      const sut = clientFor(server.url);
      await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('closed');
      await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('open');
      expect(server.hits).toHaveLength(5);
    });

    it('half-opens after AUTH_API_BREAKER_HALF_OPEN_MS and closes again on a success', async () => {
      server.behaviour = sequence(5, json(503, {}), json(200, { ok: true }));
      const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });
      for (let i = 0; i < 5; i++) await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('open');

      await sleep(150);
      expect(await failureOf(sut.me(ctx))).toMatchObject({ reason: 'breaker-open' });
      await sleep(200);

      await expect(sut.me(ctx)).resolves.toEqual({ ok: true });
      expect(sut.breakerState).toBe('closed');
      expect(server.hits).toHaveLength(6);
    });

    it('opens again when the half-open trial call fails', async () => {
      server.behaviour = json(503, {});
      const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });
      for (let i = 0; i < 5; i++) await failureOf(sut.me(ctx));
      await sleep(320);

      await failureOf(sut.me(ctx));
      expect(server.hits).toHaveLength(6);
      expect(sut.breakerState).toBe('open');
      expect(await failureOf(sut.me(ctx))).toMatchObject({ reason: 'breaker-open' });
      expect(server.hits).toHaveLength(6);
    });

    it('recovers when auth-api comes back on the same address', async () => {
      const port = Number(new URL(server.url).port);
      const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });
      await server.stop();
      for (let i = 0; i < 5; i++) await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('open');

      server = await new ScriptedServer(json(200, { ok: true })).start(port);
      await sleep(320);
      await expect(sut.me(ctx)).resolves.toEqual({ ok: true });
      expect(sut.breakerState).toBe('closed');
    });

    it('does not count 4xx answers: auth-api is up and saying no', async () => {
      server.behaviour = (hit, res, index) =>
        (index % 2 === 0
          ? json(503, {})
          : json(401, { statusCode: 401, error: 'Unauthorized', message: 'no', traceId: 't' }))(
          hit,
          res,
          index,
        );
      const sut = clientFor(server.url, { AUTH_API_RETRIES: '0' });
      for (let i = 0; i < 12; i++) await failureOf(sut.me(ctx));
      expect(sut.breakerState).toBe('closed');
    });
  });

  describe('health', () => {
    it('is true when auth-api answers 200, false when it is degraded or down, and never retries', async () => {
      server.behaviour = sequence(
        1,
        json(200, { status: 'ok', db: true }),
        json(503, { status: 'degraded', db: false }),
      );
      const sut = clientFor(server.url);
      await expect(sut.health(ctx)).resolves.toBe(true);
      await expect(sut.health(ctx)).resolves.toBe(false);
      expect(server.hits).toHaveLength(2);
    });
  });
});
