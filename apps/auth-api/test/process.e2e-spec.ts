import { createServer } from 'node:net';
import { registerUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { HttpClient } from './support/http-client';
import { spawnApi, waitForHealth } from './support/spawn-api';
import { startApp } from './support/test-app';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

describe('the auth-api process [sqlite]', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase('sqlite')));
  afterAll(() => db.drop());

  it('stops at boot with one clear line per bad or missing variable, and no stack', async () => {
    const api = spawnApi({
      NODE_ENV: 'production',
      PORT: 'eighty',
      JWT_ALGORITHM: 'none',
      DATABASE_URL: db.url,
    });
    expect(await api.exited).toBe(1);
    const lines = api.stderr().trim().split('\n');
    expect(lines[0]).toBe('auth-api: Invalid configuration:');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual(
      expect.arrayContaining(['- PORT', '- JWT_ALGORITHM']),
    );
    expect(api.stderr()).not.toMatch(/\s+at \S+ \(/);
  });

  it('refuses to start, in one line, when ADMIN_EMAIL names a stranger’s account', async () => {
    const app = await startApp(db);
    const { email } = await registerUser(app.http);
    await app.close();
    const api = spawnApi({
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      DATA_DIR: app.config.DATA_DIR,
      MAIL_OUTBOX_DIR: app.config.MAIL_OUTBOX_DIR,
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: 'operator admin passphrase',
    });
    expect(await api.exited).toBe(1);
    expect(api.stderr()).toMatch(
      /^auth-api: failed to start: ADMIN_EMAIL names an existing account that ADMIN_PASSWORD does not sign in to: [^\n]+\n$/,
    );
  });

  it('serves, logs JSON with trace ids and no secrets, and finishes in-flight requests on SIGTERM', async () => {
    const port = await freePort();
    const api = spawnApi({
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      DATABASE_MIGRATE: 'true',
      JWT_SECRET: 'process-test-secret-0123456789abcdefghij',
      ENCRYPTION_KEY: 'ab'.repeat(32),
      MAIL_OUTBOX_DIR: `${db.url}.outbox`,
      LOG_LEVEL: 'info',
      // Slow hashing (~0.5 s) so that requests are surely in flight when SIGTERM arrives.
      ARGON2_ITERATIONS: '20',
    });
    try {
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      await waitForHealth(http.baseUrl, api);
      const email = uniqueEmail('proc');
      expect((await http.post('/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(
        201,
      );
      const tokens = (await http.post('/auth/login', { email, password: STRONG_PASSWORD })).body;
      expect((await http.get('/health/live')).status).toBe(200);
      expect((await http.get('/health?probe=1')).status).toBe(200);

      // Four logins busy in argon2 when SIGTERM arrives: each must still be answered, and
      // the process must then exit by itself.
      const inFlight = Array.from({ length: 4 }, () =>
        http.post('/auth/login', { email, password: STRONG_PASSWORD }),
      );
      await new Promise((r) => setTimeout(r, 200));
      api.child.kill('SIGTERM');
      const statuses = (await Promise.all(inFlight)).map((r) => r.status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      await api.exited; // Nest closes, then re-raises SIGTERM: the default exit for that signal
      expect(String(api.child.signalCode ?? api.child.exitCode)).toMatch(/^(SIGTERM|0)$/);

      const logs = api.stdout();
      const lines = logs
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(
        lines.some((l) => l['msg'] === 'request completed' && typeof l['traceId'] === 'string'),
      ).toBe(true);
      // Probes are not logged: a load balancer polling every few seconds would drown the log.
      const logged = lines.flatMap((l) => {
        const req = l['req'] as { url?: string } | undefined;
        return l['msg'] === 'request completed' && req?.url ? [req.url] : [];
      });
      expect(logged).toContain('/auth/login');
      expect(logged.filter((url) => url.startsWith('/health'))).toEqual([]);
      for (const secret of [
        STRONG_PASSWORD,
        tokens.access_token,
        tokens.refresh_token,
        'process-test-secret',
      ]) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      api.child.kill('SIGKILL');
    }
  });
});
