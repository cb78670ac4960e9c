import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser, STRONG_PASSWORD } from './support/accounts';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { HttpClient } from './support/http-client';
import { ownRedis } from './support/redis-server';
import { spawnApi, waitForHealth } from './support/spawn-api';
import { type RunningApp, startApp } from './support/test-app';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const fromIp = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe.each(databases())('rate limits [%s]', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase(kind)));
  afterAll(() => db.drop());

  describe('in memory (no Redis)', () => {
    let sut: RunningApp;
    beforeAll(async () => {
      sut = await startApp(db, {
        RATE_LIMIT_ENABLED: 'true',
        TRUST_PROXY: 'true',
        RATE_LIMIT_GLOBAL_MAX: '200',
      });
    });
    afterAll(() => sut.close());

    const attempt = (email: string, ip: string, password = 'wrong password!') =>
      sut.http.post('/auth/login', { email, password }, fromIp(ip));

    it('answers 429 with Retry-After after 5 failed logins per email and IP, even for the right password', async () => {
      const { email } = await registerUser(sut.http);
      for (let i = 0; i < 5; i++) expect((await attempt(email, '198.51.100.1')).status).toBe(401);
      const locked = await attempt(email, '198.51.100.1', STRONG_PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(300);
      // Another IP is not locked out (an attacker cannot lock the user out everywhere).
      expect((await attempt(email, '198.51.100.2', STRONG_PASSWORD)).status).toBe(200);
      // ...and that success did not reset the first IP's count.
      expect((await attempt(email, '198.51.100.1', STRONG_PASSWORD)).status).toBe(429);
    });

    it('counts unknown emails too, and a success clears only its own count', async () => {
      for (let i = 0; i < 5; i++)
        expect((await attempt('nobody@example.com', '198.51.100.3')).status).toBe(401);
      expect((await attempt('nobody@example.com', '198.51.100.3')).status).toBe(429);
      const { email } = await registerUser(sut.http);
      for (let i = 0; i < 4; i++) await attempt(email, '198.51.100.4');
      expect((await attempt(email, '198.51.100.4', STRONG_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await attempt(email, '198.51.100.4')).status).toBe(401);
    });

    it('allows 3 forgot-password and resend-verification requests per email per hour', async () => {
      const { email } = await registerUser(sut.http);
      for (let i = 0; i < 3; i++)
        expect(
          (await sut.http.post('/auth/forgot-password', { email }, fromIp(`203.0.113.${i}`)))
            .status,
        ).toBe(202);
      const limited = await sut.http.post(
        '/auth/forgot-password',
        { email: ` ${email.toUpperCase()} ` },
        fromIp('203.0.113.9'),
      );
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect((await sut.http.post('/auth/resend-verification', { email })).status).toBe(202);
      expect(
        (await sut.http.post('/auth/forgot-password', { email: 'other@example.com' })).status,
      ).toBe(202);
    });

    it('applies a per-IP limit to everything but health checks', async () => {
      const tight = await startApp(db, {
        RATE_LIMIT_ENABLED: 'true',
        TRUST_PROXY: 'true',
        RATE_LIMIT_GLOBAL_MAX: '10',
        DATABASE_MIGRATE: 'false',
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++)
          statuses.push((await tight.http.get('/auth/me', fromIp('192.0.2.1'))).status);
        expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
        expect(statuses[10]).toBe(429);
        expect((await tight.http.get('/auth/me', fromIp('192.0.2.2'))).status).toBe(401);
        for (let i = 0; i < 30; i++)
          expect((await tight.http.get('/health', fromIp('192.0.2.1'))).status).toBe(200);
        const metrics = await tight.http.get('/metrics');
        expect(metrics.text).toMatch(/http_rate_limited_total [1-9]/);
      } finally {
        await tight.close();
      }
    });

    it('ignores X-Forwarded-For from proxies it does not trust, so rotating it evades nothing', async () => {
      const strict = await startApp(db, {
        RATE_LIMIT_ENABLED: 'true',
        TRUST_PROXY: 'false', // the default trusts loopback, where this test connects from
        DATABASE_MIGRATE: 'false',
      });
      const listed = await startApp(db, {
        RATE_LIMIT_ENABLED: 'true',
        TRUST_PROXY: '127.0.0.1/32',
        DATABASE_MIGRATE: 'false',
      });
      try {
        const { email } = await registerUser(strict.http);
        for (let i = 0; i < 5; i++)
          await strict.http.post(
            '/auth/login',
            { email, password: 'wrong password!' },
            fromIp(`10.9.9.${i}`),
          );
        expect(
          (
            await strict.http.post(
              '/auth/login',
              { email, password: STRONG_PASSWORD },
              fromIp('10.9.9.99'),
            )
          ).status,
        ).toBe(429);
        // A listed proxy (here: the test's own loopback address) is believed.
        for (let i = 0; i < 5; i++)
          await listed.http.post(
            '/auth/login',
            { email, password: 'wrong password!' },
            fromIp('10.8.8.1'),
          );
        expect(
          (
            await listed.http.post(
              '/auth/login',
              { email, password: STRONG_PASSWORD },
              fromIp('10.8.8.2'),
            )
          ).status,
        ).toBe(200);
      } finally {
        await strict.close();
        await listed.close();
      }
    });

    it('switches every limit off with RATE_LIMIT_ENABLED=false', async () => {
      const open = await startApp(db, { RATE_LIMIT_GLOBAL_MAX: '2', DATABASE_MIGRATE: 'false' });
      try {
        const { email } = await registerUser(open.http);
        for (let i = 0; i < 8; i++)
          expect(
            (await open.http.post('/auth/login', { email, password: 'wrong password!' })).status,
          ).toBe(401);
      } finally {
        await open.close();
      }
    });
  });

  describe('through Redis', () => {
    it('makes two auth-api processes share one count', async () => {
      const prefix = `gatehouse-test-${randomBytes(4).toString('hex')}:`;
      const env = {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        JWT_SECRET: 'shared-secret-0123456789abcdef0123456789',
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: prefix,
        RATE_LIMIT_ENABLED: 'true',
        ARGON2_MEMORY_KIB: '8192',
        ARGON2_ITERATIONS: '1',
        MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-outbox-')),
        LOG_LEVEL: 'warn',
      };
      const [portA, portB] = [await freePort(), await freePort()];
      const a = spawnApi({ ...env, PORT: String(portA) });
      const b = spawnApi({ ...env, PORT: String(portB), DATABASE_MIGRATE: 'false' });
      try {
        const httpA = new HttpClient(`http://127.0.0.1:${portA}`);
        const httpB = new HttpClient(`http://127.0.0.1:${portB}`);
        await waitForHealth(httpA.baseUrl, a);
        await waitForHealth(httpB.baseUrl, b);
        expect((await httpA.get('/health')).body).toEqual({ status: 'ok', db: true, redis: true });
        const { email } = await registerUser(httpA);
        for (const http of [httpA, httpA, httpA, httpB, httpB]) {
          expect(
            (await http.post('/auth/login', { email, password: 'wrong password!' })).status,
          ).toBe(401);
        }
        expect((await httpA.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
          429,
        );
        expect((await httpB.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
          429,
        );
      } finally {
        a.child.kill('SIGKILL');
        b.child.kill('SIGKILL');
      }
    });

    it('keeps serving when Redis goes away, reports it, and reconnects by itself', async () => {
      const redis = ownRedis(await freePort());
      await redis.start();
      const sut = await startApp(db, {
        REDIS_URL: redis.url,
        RATE_LIMIT_ENABLED: 'true',
        DATABASE_MIGRATE: 'false',
      });
      const health = () => sut.http.get('/health');
      const until = async (check: () => Promise<boolean>, what: string) => {
        for (let i = 0; i < 100; i++) {
          if (await check()) return;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`timed out waiting for ${what}`);
      };
      try {
        await until(async () => (await health()).status === 200, 'Redis to be ready');
        expect((await health()).body).toEqual({ status: 'ok', db: true, redis: true });

        await redis.stop();
        await until(async () => (await health()).status === 503, 'health to notice');
        expect((await health()).body).toEqual({ status: 'degraded', db: true, redis: false });
        const { email } = await registerUser(sut.http);
        expect(
          (await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status,
        ).toBe(200);
        for (let i = 0; i < 5; i++)
          await sut.http.post('/auth/login', { email, password: 'wrong password!' });
        expect(
          (await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status,
        ).toBe(429); // memory fallback

        await redis.start();
        await until(async () => (await health()).status === 200, 'the reconnection');
        expect((await health()).body).toEqual({ status: 'ok', db: true, redis: true });
      } finally {
        await sut.close();
        await redis.stop();
      }
    });
  });
});
