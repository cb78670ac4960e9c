import { randomBytes } from 'node:crypto';
import { BackgroundWork } from '../src/app/account/background-work';
import { registerUser, STRONG_PASSWORD } from './support/accounts';
import { freePort, PAIR_START_TIMEOUT_MS, startApiPair } from './support/api-pair';
import { at } from './support/at';
import { burst, countStatuses } from './support/burst';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { readOutbox, tokenFrom } from './support/outbox';
import { ownRedis } from './support/redis-server';
import { waitUntil } from './support/smtp-listener';
import { type RunningApp, startApp } from './support/test-app';

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

    it('audits login.locked_out once, when a client reaches its limit', async () => {
      const { email, user } = await registerUser(sut.http);
      const lockouts = () =>
        sut.query<{ ip: string; details: string }>(
          "SELECT ip, details FROM audit_events WHERE type = 'login.locked_out' AND user_id = ?",
          [user.id],
        );
      for (let i = 0; i < 4; i++) await attempt(email, '198.51.100.40');
      expect(await lockouts()).toEqual([]);
      expect((await attempt(email, '198.51.100.40')).status).toBe(401); // the fifth failure
      for (let i = 0; i < 3; i++) expect((await attempt(email, '198.51.100.40')).status).toBe(429);
      for (let i = 0; i < 4; i++) await attempt(email, '198.51.100.41'); // short of its limit
      const audited = await lockouts();
      expect(audited).toHaveLength(1);
      expect(at(audited, 0).ip).toBe('198.51.100.40');
      expect(JSON.parse(at(audited, 0).details)).toEqual({ windowSeconds: 300 });
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

    const mailsTo = (email: string, subject: RegExp) =>
      readOutbox(sut.config.MAIL_OUTBOX_DIR).filter(
        (m) => m.to === email && subject.test(m.subject),
      );

    it('limits forgot-password per requester: the attacker’s IP gets 429, the victim elsewhere still gets 202 and a mail', async () => {
      const { email } = await registerUser(sut.http);
      for (let i = 0; i < 3; i++)
        expect(
          (await sut.http.post('/auth/forgot-password', { email }, fromIp('203.0.113.66'))).status,
        ).toBe(202);
      const victim = await sut.http.post(
        '/auth/forgot-password',
        { email },
        fromIp('198.51.100.77'),
      );
      expect(victim.status).toBe(202);
      const limited = await sut.http.post(
        '/auth/forgot-password',
        { email: 'someone-else@example.com' },
        fromIp('203.0.113.66'),
      );
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
      await waitUntil(() => mailsTo(email, /Reset/).length === 4, 10_000, 'the victim’s mail');
    });

    it('limits resend-verification per requester too', async () => {
      const { email } = await registerUser(sut.http);
      for (let i = 0; i < 3; i++)
        expect(
          (await sut.http.post('/auth/resend-verification', { email }, fromIp('203.0.113.67')))
            .status,
        ).toBe(202);
      expect(
        (await sut.http.post('/auth/resend-verification', { email }, fromIp('203.0.113.67')))
          .status,
      ).toBe(429);
      expect(
        (await sut.http.post('/auth/resend-verification', { email }, fromIp('198.51.100.78')))
          .status,
      ).toBe(202);
    });

    it('caps reset mails per address silently: 10 requests from 10 addresses all get the same 202, 5 mails go out', async () => {
      const { email, user } = await registerUser(sut.http);
      const answers = [];
      for (let i = 0; i < 10; i++)
        answers.push(
          await sut.http.post('/auth/forgot-password', { email }, fromIp(`203.0.113.${100 + i}`)),
        );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
      for (const answer of answers) expect(answer.text).toBe(at(answers, 0).text);
      const requested = () =>
        sut.query<{ details: string }>(
          "SELECT details FROM audit_events WHERE type = 'password_reset.requested' AND user_id = ?",
          [user.id],
        );
      for (let i = 0; i < 200 && (await requested()).length < 10; i++)
        await new Promise((r) => setTimeout(r, 50));
      const mailed = (await requested()).map((r) => JSON.parse(r.details) as { mailed: boolean });
      expect(mailed.filter((d) => d.mailed)).toHaveLength(5);
      expect(mailed.filter((d) => !d.mailed)).toHaveLength(5);
      await waitUntil(() => mailsTo(email, /Reset/).length === 5, 10_000, 'five mails');
      // The newest link still works: the capped requests issued no token.
      const password = 'a brand new passphrase 7';
      const resets = [];
      for (const mail of mailsTo(email, /Reset/)) {
        const token = tokenFrom(mail, '/reset-password');
        resets.push((await sut.http.post('/auth/reset-password', { token, password })).status);
      }
      expect(resets.sort()).toEqual([204, 400, 400, 400, 400]);
    });

    it('counts the registration mail toward the cap: of 1 sign-up and 9 resends, 5 verification mails go out', async () => {
      const { email, user } = await registerUser(sut.http);
      for (let i = 0; i < 9; i++) {
        const ip = fromIp(`203.0.113.${150 + i}`);
        expect((await sut.http.post('/auth/resend-verification', { email }, ip)).status).toBe(202);
      }
      // Each resend is handled after its 202: wait for all of that work.
      await sut.app.get(BackgroundWork, { strict: false }).settled();
      const resent = await sut.query(
        "SELECT id FROM audit_events WHERE type = 'email.verification_sent' AND user_id = ?",
        [user.id],
      );
      expect(resent).toHaveLength(4); // the sign-up's mail was the first of the five
      await waitUntil(() => mailsTo(email, /Confirm/).length >= 5, 10_000, 'five mails');
      expect(mailsTo(email, /Confirm/)).toHaveLength(5);
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
        for (const path of ['/health', '/health/live', '/metrics'])
          for (let i = 0; i < 30; i++)
            expect((await tight.http.get(path, fromIp('192.0.2.1'))).status).toBe(200);
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

    it('records the client address the proxy rules vouch for in audit events and the sessions list', async () => {
      const strict = await startApp(db, { TRUST_PROXY: 'false', DATABASE_MIGRATE: 'false' });
      try {
        const ipsOf = async (app: RunningApp, forwarded: string) => {
          const { email, user } = await registerUser(app.http);
          const tokens = (
            await app.http.post(
              '/auth/login',
              { email, password: STRONG_PASSWORD },
              fromIp(forwarded),
            )
          ).body as { access_token: string };
          const sessions = await app.http.get('/auth/sessions', { token: tokens.access_token });
          const audited = await app.query<{ ip: string | null }>(
            "SELECT ip FROM audit_events WHERE type = 'login.succeeded' AND user_id = ?",
            [user.id],
          );
          return {
            sessions: (sessions.body as { ip: string | null }[]).map((s) => s.ip),
            audited: audited.map((row) => row.ip),
          };
        };
        // A trusted proxy's X-Forwarded-For names the client...
        expect(await ipsOf(sut, '198.51.100.201')).toEqual({
          sessions: ['198.51.100.201'],
          audited: ['198.51.100.201'],
        });
        // ...an untrusted one's is ignored: the socket's address is the client's.
        expect(await ipsOf(strict, '198.51.100.202')).toEqual({
          sessions: ['127.0.0.1'],
          audited: ['127.0.0.1'],
        });
      } finally {
        await strict.close();
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
    it(
      'makes two auth-api processes share one count',
      async () => {
        const pair = await startApiPair(db.url, {
          REDIS_URL: 'redis://127.0.0.1:6379',
          REDIS_KEY_PREFIX: `gatehouse-test-${randomBytes(4).toString('hex')}:`,
        });
        try {
          const { a, b } = pair;
          expect((await a.get('/health')).body).toEqual({ status: 'ok', db: true, redis: true });
          const { email } = await registerUser(a);
          for (const http of [a, a, a, b, b]) {
            expect(
              (await http.post('/auth/login', { email, password: 'wrong password!' })).status,
            ).toBe(401);
          }
          expect((await a.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
            429,
          );
          expect((await b.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(
            429,
          );
        } finally {
          pair.stop();
        }
      },
      PAIR_START_TIMEOUT_MS,
    );

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

    it('falls back to memory at once when Redis freezes under load, reports it, and recovers', async () => {
      const redis = ownRedis(await freePort());
      await redis.start();
      const sut = await startApp(db, {
        REDIS_URL: redis.url,
        RATE_LIMIT_ENABLED: 'true',
      });
      const health = () => sut.http.get('/health');
      /** Fails the test when the work takes longer than a frozen store may hold anyone. */
      const within = <T>(ms: number, work: Promise<T>, what: string) =>
        Promise.race([
          work,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref(),
          ),
        ]);
      try {
        for (let i = 0; i < 100 && (await health()).status !== 200; i++)
          await new Promise((r) => setTimeout(r, 100));
        const { email } = await registerUser(sut.http);

        redis.freeze();
        const attempts = Array.from({ length: 20 }, (_, i) => ({
          baseUrl: sut.http.baseUrl,
          path: '/auth/login',
          body: { email, password: `wrong password ${i}` },
        }));
        const responses = await within(5000, burst(attempts), 'a burst while Redis is frozen');
        expect(countStatuses(responses)).toEqual({ 401: 5, 429: 15 }); // the memory fallback
        let answer = await within(5000, health(), '/health while Redis is frozen');
        for (let i = 0; i < 50 && answer.status !== 503; i++) {
          await new Promise((r) => setTimeout(r, 100));
          answer = await within(5000, health(), '/health while Redis is frozen');
        }
        expect(answer.body).toEqual({ status: 'degraded', db: true, redis: false });
        const more = await within(5000, sut.http.get('/auth/me'), 'a request after the freeze');
        expect(more.status).toBe(401);

        redis.thaw();
        for (let i = 0; i < 100 && (await health()).status !== 200; i++)
          await new Promise((r) => setTimeout(r, 100));
        expect((await health()).body).toEqual({ status: 'ok', db: true, redis: true });
      } finally {
        redis.thaw();
        await sut.close();
        await redis.stop();
      }
    });
  });
});
