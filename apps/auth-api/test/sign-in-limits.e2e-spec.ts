import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { registerUser, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { type ApiPair, PAIR_START_TIMEOUT_MS, startApiPair } from './support/api-pair';
import { at } from './support/at';
import { burst, type BurstRequest, countStatuses } from './support/burst';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { userWithMfa, wrongRecoveryCodes, wrongTotpCodes } from './support/mfa';
import { readOutbox, waitForMail } from './support/outbox';
import { useTestApp } from './support/test-app';

const SHARED_REDIS = 'redis://127.0.0.1:6379';

/**
 * Racing the limit: N wrong secrets released at the same moment. Each secret comparison that
 * fails leaves exactly one audit event, so the events count the comparisons made.
 */
describe.each(databases())('sign-in and secret-check limits under a burst [%s]', (kind) => {
  describe.each(['memory', 'redis'])('%s counters', (store) => {
    const { sut } = useTestApp(kind, {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_GLOBAL_MAX: '100000',
      ...(store === 'redis'
        ? {
            REDIS_URL: SHARED_REDIS,
            REDIS_KEY_PREFIX: `gatehouse-test-${randomBytes(4).toString('hex')}:`,
          }
        : {}),
    });

    const events = async (type: string, userId: string) => {
      const rows = await sut.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM audit_events WHERE type = ? AND user_id = ?',
        [type, userId],
      );
      return Number(at(rows, 0).n);
    };
    const post = (path: string, body: unknown, token?: string): BurstRequest => ({
      baseUrl: sut.http.baseUrl,
      path,
      body,
      token,
    });
    const expectLimited = (responses: { status: number; headers: Record<string, string> }[]) => {
      for (const r of responses.filter((r) => r.status === 429))
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    };

    it('checks exactly 5 of 40 wrong passwords sent at once on one (email, IP); 35 get 429', async () => {
      const { email, user } = await registerUser(sut.http);
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) =>
          post('/auth/login', { email, password: `wrong password ${i}` }),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 401: 5, 429: 35 });
      expectLimited(responses);
      expect(await events('login.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 100 wrong TOTP codes sent at once on one mfa_token', async () => {
      const { email, secret, user } = await userWithMfa(sut.http);
      const step = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      const responses = await burst(
        wrongTotpCodes(secret, 100).map((code) =>
          post('/auth/login/mfa', { mfa_token: step.body.mfa_token, code }),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 401: 5, 429: 95 });
      expectLimited(responses);
      expect(await events('login.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 100 wrong recovery codes sent at once', async () => {
      const { email, recoveryCodes, user } = await userWithMfa(sut.http);
      const step = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      const responses = await burst(
        wrongRecoveryCodes(recoveryCodes, 100).map((code) =>
          post('/auth/login/mfa', { mfa_token: step.body.mfa_token, code }),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 401: 5, 429: 95 });
      expect(await events('login.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 40 wrong current passwords on change-password, and audits them', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) =>
          post(
            '/auth/change-password',
            { currentPassword: `wrong password ${i}`, newPassword: 'fresh passphrase 42' },
            tokens.access_token,
          ),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      expectLimited(responses);
      expect(await events('reauth.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 40 wrong passwords or codes on 2FA disable, and audits them', async () => {
      const { tokens, secret, user } = await userWithMfa(sut.http);
      const [code] = wrongTotpCodes(secret, 1);
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) =>
          post(
            '/auth/2fa/disable',
            i % 2 ? { password: `wrong password ${i}`, code } : { password: STRONG_PASSWORD, code },
            tokens.access_token,
          ),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      expect(await events('reauth.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 40 wrong codes on 2FA enable, and audits them', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const setup = await sut.http.post('/auth/2fa/setup', undefined, { token });
      const responses = await burst(
        wrongTotpCodes(setup.body.secret, 40).map((code) =>
          post('/auth/2fa/enable', { code }, token),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      expect(await events('reauth.failed', user.id)).toBe(5);
    });
  });
});

describe.each(databases().filter((kind) => kind === 'postgres'))(
  'sign-in limits across two auth-api processes sharing Redis [%s]',
  (kind) => {
    let db: TestDatabase;
    let pair: ApiPair;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      pair = await startApiPair(db.url, {
        REDIS_URL: SHARED_REDIS,
        REDIS_KEY_PREFIX: `gatehouse-test-${randomBytes(4).toString('hex')}:`,
        RATE_LIMIT_GLOBAL_MAX: '100000',
        TRUST_PROXY: '127.0.0.1',
      });
    }, PAIR_START_TIMEOUT_MS);
    afterAll(async () => {
      pair?.stop();
      await db.drop();
    });

    const events = async (type: string, userId: string) => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          'SELECT COUNT(*) AS n FROM audit_events WHERE type = $1 AND user_id = $2',
          [type, userId],
        );
        return Number(at(rows, 0).n);
      } finally {
        await client.end();
      }
    };
    /** Alternates the two processes, as a load balancer would. */
    const across = (path: string, bodies: unknown[], ip = '198.51.100.10'): BurstRequest[] =>
      bodies.map((body, i) => ({
        baseUrl: (i % 2 ? pair.b : pair.a).baseUrl,
        path,
        body,
        headers: { 'x-forwarded-for': ip },
      }));

    it('checks exactly 5 of 40 wrong passwords sent at once to both processes', async () => {
      const { email, user } = await registerUser(pair.a);
      const bodies = Array.from({ length: 40 }, (_, i) => ({ email, password: `wrong ${i}` }));
      const responses = await burst(across('/auth/login', bodies));
      expect(countStatuses(responses)).toEqual({ 401: 5, 429: 35 });
      expect(await events('login.failed', user.id)).toBe(5);
    });

    it('checks exactly 5 of 100 wrong TOTP codes on one mfa_token sent to both processes', async () => {
      const { email, secret, user } = await userWithMfa(pair.a);
      const step = await pair.b.post(
        '/auth/login',
        { email, password: STRONG_PASSWORD },
        { headers: { 'x-forwarded-for': '198.51.100.11' } },
      );
      const bodies = wrongTotpCodes(secret, 100).map((code) => ({
        mfa_token: step.body.mfa_token,
        code,
      }));
      const responses = await burst(across('/auth/login/mfa', bodies, '198.51.100.11'));
      expect(countStatuses(responses)).toEqual({ 401: 5, 429: 95 });
      expect(await events('login.failed', user.id)).toBe(5);
    });

    it('stops at the account ceiling of 100 from 30 addresses across both processes, and mails once', async () => {
      const { email, user } = await registerUser(pair.a);
      const requests = Array.from({ length: 30 }, (_, s) =>
        across(
          '/auth/login',
          Array.from({ length: 5 }, (_, i) => ({ email, password: `wrong ${s}-${i}` })),
          `203.0.113.${s + 1}`,
        ),
      ).flat();
      const responses = await burst(requests);
      expect(countStatuses(responses)).toEqual({ 401: 100, 429: 50 });
      expect(await events('login.failed', user.id)).toBe(100);
      expect(await events('account.locked_out', user.id)).toBe(1);
      await waitForMail(pair.outbox, email, /locked/i);
      const locks = readOutbox(pair.outbox).filter(
        (m) => m.to === email && /locked/i.test(m.subject),
      );
      expect(locks).toHaveLength(1);
    });
  },
);
