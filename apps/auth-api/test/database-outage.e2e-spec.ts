import Database from 'better-sqlite3';
import { signedInUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import type { HttpResponse } from './support/http-client';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { type RunningApp, startApp } from './support/test-app';

/** Generous: what bounds each answer is the configured timeouts (1 s here), not this. */
const DEADLINE_MS = 15_000;

/** The request's answer, or a failure if none came before the deadline. */
async function within<T>(request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer before the deadline')), DEADLINE_MS);
  });
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function expectUnavailable(response: HttpResponse): void {
  expect(response.status).toBe(503);
  expect(response.body).toEqual({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'the database is unavailable; try again shortly',
    code: 'DATABASE_UNAVAILABLE',
    traceId: expect.any(String),
  });
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
}

/** Retries until the app answers `status` again (the pool reconnects on its own). */
async function recovers(request: () => Promise<HttpResponse>, status: number): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  let last: HttpResponse | undefined;
  while (Date.now() < deadline) {
    last = await request();
    if (last.status === status) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`still ${last?.status} ${last?.text}`);
}

/** PostgreSQL behind a proxy the test can freeze or take down (skipped with the other suites). */
const onPostgres = databases().includes('postgres') ? describe : describe.skip;

onPostgres('PostgreSQL outages [postgres]', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let sut: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const target = new URL(db.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.host = `127.0.0.1:${proxy.port}`;
    sut = await startApp(
      { ...db, url: target.toString() },
      { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '1000' },
    );
  });
  afterAll(async () => {
    proxy.thaw();
    await proxy.up().catch(() => undefined);
    await sut.close();
    await proxy.close();
    await db.drop();
  });

  const register = () =>
    sut.http.post('/auth/register', { email: uniqueEmail('outage'), password: STRONG_PASSWORD });

  it('answers 503 with Retry-After while the server refuses connections, and recovers', async () => {
    const { tokens, email } = await signedInUser(sut.http);
    await proxy.down();
    try {
      expectUnavailable(await within(register()));
      expectUnavailable(await within(sut.http.get('/auth/me', { token: tokens.access_token })));
      expectUnavailable(
        await within(sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })),
      );
      expectUnavailable(
        await within(sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token })),
      );
      expect((await within(sut.http.get('/health'))).status).toBe(503);
    } finally {
      await proxy.up();
    }
    await recovers(register, 201);
    expect((await sut.http.get('/health')).status).toBe(200);
  });

  it('answers 503 within the configured timeouts while the server is frozen, and recovers', async () => {
    const { tokens, email } = await signedInUser(sut.http);
    proxy.freeze();
    try {
      const answers = await within(
        Promise.all([
          register(),
          sut.http.get('/auth/me', { token: tokens.access_token }),
          sut.http.post('/auth/login', { email, password: STRONG_PASSWORD }),
          sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token }),
          sut.http.post('/auth/logout-all', undefined, { token: tokens.access_token }),
        ]),
      );
      for (const answer of answers) expectUnavailable(answer);
      expect((await within(sut.http.get('/health'))).status).toBe(503);
    } finally {
      proxy.thaw();
    }
    await recovers(register, 201);
    await recovers(() => sut.http.get('/health'), 200);
  });
});

describe('a SQLite database locked by another process [sqlite]', () => {
  let db: TestDatabase;
  let sut: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    sut = await startApp(db, { DATABASE_STATEMENT_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await sut.close();
    await db.drop();
  });

  it('answers 503 once the lock outlasts the statement timeout, and writes again after', async () => {
    const other = new Database(db.url);
    other.exec('BEGIN IMMEDIATE'); // holds the write lock
    try {
      expectUnavailable(
        await within(
          sut.http.post('/auth/register', {
            email: uniqueEmail('busy'),
            password: STRONG_PASSWORD,
          }),
        ),
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const after = await sut.http.post('/auth/register', {
      email: uniqueEmail('busy'),
      password: STRONG_PASSWORD,
    });
    expect(after.status).toBe(201);
  });
});
