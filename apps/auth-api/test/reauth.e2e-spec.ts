import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { HousekeepingService } from '../src/app/housekeeping/housekeeping.service';
import { login, registerUser, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { type ApiPair, PAIR_START_TIMEOUT_MS, startApiPair } from './support/api-pair';
import { at } from './support/at';
import { burst, type BurstRequest, countStatuses } from './support/burst';
import {
  createTestDatabase,
  type DatabaseKind,
  databases,
  type TestDatabase,
} from './support/databases';
import { userWithMfa, wrongTotpCodes } from './support/mfa';
import { readOutbox, tokenFrom, waitForMail } from './support/outbox';
import { sqlTime } from './support/sql-time';
import { type RunningApp, useTestApp } from './support/test-app';
import { totpFor } from './support/totp';

const REAUTH_REQUIRED = { statusCode: 403, code: 'REAUTHENTICATION_REQUIRED' };

/** Arrangements on the stored rows, shared by the suites below. */
function rows(sut: RunningApp, kind: DatabaseKind) {
  return {
    /**
     * Moves the sign-in and any re-authentication of every session of the user an hour back:
     * its access token is then what an attacker holds who stole it, not a fresh sign-in.
     */
    async ageSessions(userId: string): Promise<void> {
      const hourAgo = sqlTime(kind, new Date(Date.now() - 3_600_000));
      await sut.query('UPDATE refresh_tokens SET created_at = ? WHERE user_id = ?', [
        hourAgo,
        userId,
      ]);
      await sut.query('UPDATE session_auth_times SET authenticated_at = ? WHERE user_id = ?', [
        hourAgo,
        userId,
      ]);
    },
    async events(type: string, userId: string): Promise<Record<string, unknown>[]> {
      const found = await sut.query<{ details: string }>(
        'SELECT details FROM audit_events WHERE type = ? AND user_id = ? ORDER BY created_at',
        [type, userId],
      );
      return found.map((row) => JSON.parse(row.details) as Record<string, unknown>);
    },
    async mfaRows(userId: string): Promise<number> {
      const found = await sut.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM user_mfa WHERE user_id = ?',
        [userId],
      );
      return Number(at(found, 0).n);
    },
  };
}

describe.each(databases())('re-authentication before sensitive actions [%s]', (kind) => {
  const { sut } = useTestApp(kind);
  const db = rows(sut, kind);
  const post = (path: string, token: string, body?: unknown) =>
    sut.http.post(path, body, { token });
  const endSession = (id: string, token: string, body?: unknown) =>
    sut.http.request('DELETE', `/auth/sessions/${id}`, { token, body });

  /** A signed-in user whose session proved its password an hour ago. */
  async function staleUser() {
    const account = await signedInUser(sut.http);
    await db.ageSessions(account.user.id);
    return { ...account, token: account.tokens.access_token };
  }

  describe('enrolling 2FA', () => {
    it('refuses setup to a bearer token alone (403 REAUTHENTICATION_REQUIRED) and stores no secret', async () => {
      const { token, user } = await staleUser();
      const setup = await post('/auth/2fa/setup', token);
      expect(setup.status).toBe(403);
      expect(setup.body).toMatchObject(REAUTH_REQUIRED);
      expect(await db.mfaRows(user.id)).toBe(0);
      expect((await sut.http.get('/auth/me', { token })).status).toBe(200); // still signed in
    });

    it('refuses enable to a bearer token alone, even with a right code for a pending secret', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const setup = await post('/auth/2fa/setup', token); // fresh sign-in: allowed
      expect(setup.status).toBe(200);
      await db.ageSessions(user.id);
      const enable = await post('/auth/2fa/enable', token, { code: totpFor(setup.body.secret) });
      expect(enable.status).toBe(403);
      expect(enable.body).toMatchObject(REAUTH_REQUIRED);
      expect((await sut.http.get('/auth/me', { token })).body.mfaEnabled).toBe(false);
    });

    it('works after POST /auth/reauthenticate with the password; a wrong one is 400 and audited', async () => {
      const { token, user } = await staleUser();
      const wrong = await post('/auth/reauthenticate', token, { password: 'not my password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD' });
      expect(await db.events('reauth.failed', user.id)).toEqual([
        { check: 'reauthenticate', reason: 'wrong_password' },
      ]);
      expect((await post('/auth/2fa/setup', token)).status).toBe(403);

      expect(
        (await post('/auth/reauthenticate', token, { password: STRONG_PASSWORD })).status,
      ).toBe(204);
      expect(await db.events('reauth.succeeded', user.id)).toEqual([
        { method: 'password', sessionId: expect.any(String) },
      ]);
      const setup = await post('/auth/2fa/setup', token);
      expect(setup.status).toBe(200);
      const enable = await post('/auth/2fa/enable', token, { code: totpFor(setup.body.secret) });
      expect(enable.status).toBe(200);
      expect(enable.body.recoveryCodes).toHaveLength(10);
    });

    it('accepts the current password inline (currentPassword) instead; a wrong one is 400', async () => {
      const { token, user } = await staleUser();
      const wrong = await post('/auth/2fa/setup', token, { currentPassword: 'not my password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD' });
      expect(await db.mfaRows(user.id)).toBe(0);
      const setup = await post('/auth/2fa/setup', token, { currentPassword: STRONG_PASSWORD });
      expect(setup.status).toBe(200);
      await db.ageSessions(user.id);
      const enable = await post('/auth/2fa/enable', token, {
        code: totpFor(setup.body.secret),
        currentPassword: STRONG_PASSWORD,
      });
      expect(enable.status).toBe(200);
    });

    it('reauthenticate refuses a code while 2FA is off, and a body with neither', async () => {
      const { token } = await staleUser();
      const code = await post('/auth/reauthenticate', token, { code: '123456' });
      expect(code.status).toBe(400);
      expect(code.body).toMatchObject({ code: 'MFA_NOT_ENABLED' });
      expect((await post('/auth/reauthenticate', token, {})).status).toBe(400);
      expect((await post('/auth/2fa/setup', token)).status).toBe(403);
    });
  });

  describe('with 2FA on', () => {
    it('regenerating recovery codes needs a recent proof; the new codes replace the old ones', async () => {
      const mfa = await userWithMfa(sut.http);
      const token = mfa.tokens.access_token;
      await db.ageSessions(mfa.user.id);
      const refused = await post('/auth/2fa/recovery-codes', token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject(REAUTH_REQUIRED);

      // A code proves it too, with 2FA on: a TOTP code of a step not used yet (enable used
      // the current one, and a step works once).
      const used = await post('/auth/reauthenticate', token, { code: totpFor(mfa.secret) });
      expect(used.status).toBe(400);
      expect(used.body).toMatchObject({ code: 'WRONG_MFA_CODE' });
      const next = totpFor(mfa.secret, Date.now() + 30_000);
      expect((await post('/auth/reauthenticate', token, { code: next })).status).toBe(204);
      const fresh = await post('/auth/2fa/recovery-codes', token);
      expect(fresh.status).toBe(200);
      expect(fresh.body.recoveryCodes).toHaveLength(10);
      expect(await db.events('mfa.recovery_codes_regenerated', mfa.user.id)).toHaveLength(1);

      await db.ageSessions(mfa.user.id);
      const old = await post('/auth/reauthenticate', token, { code: mfa.recoveryCodes[0] });
      expect(old.status).toBe(400);
      expect(old.body).toMatchObject({ code: 'WRONG_MFA_CODE' });
      const recovery = await post('/auth/reauthenticate', token, {
        code: fresh.body.recoveryCodes[0],
      });
      expect(recovery.status).toBe(204);
      expect(await db.events('mfa.recovery_code_used', mfa.user.id)).toHaveLength(1);
    });

    it('keeps exactly one set of ten codes after 6 regenerations sent at once', async () => {
      const mfa = await userWithMfa(sut.http);
      const responses = await burst(
        Array.from({ length: 6 }, () => ({
          baseUrl: sut.http.baseUrl,
          path: '/auth/2fa/recovery-codes',
          token: mfa.tokens.access_token,
        })),
      );
      expect(countStatuses(responses)).toEqual({ 200: 6 });
      const stored = await sut.query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL',
        [mfa.user.id],
      );
      expect(Number(at(stored, 0).n)).toBe(10);
      expect(await db.events('mfa.recovery_codes_regenerated', mfa.user.id)).toHaveLength(6);
    });

    it('accepts a code inline (code) on recovery-codes regeneration', async () => {
      const mfa = await userWithMfa(sut.http);
      await db.ageSessions(mfa.user.id);
      const regenerated = await post('/auth/2fa/recovery-codes', mfa.tokens.access_token, {
        code: mfa.recoveryCodes[1],
      });
      expect(regenerated.status).toBe(200);
    });

    it('disabling 2FA still needs the password and a code on every call', async () => {
      const mfa = await userWithMfa(sut.http);
      const token = mfa.tokens.access_token;
      await db.ageSessions(mfa.user.id);
      expect((await post('/auth/2fa/disable', token, {})).status).toBe(400);
      const wrong = await post('/auth/2fa/disable', token, {
        password: 'not my password',
        code: totpFor(mfa.secret),
      });
      expect(wrong.status).toBe(400);
      expect((await sut.http.get('/auth/me', { token })).body.mfaEnabled).toBe(true);
      expect(await db.events('reauth.failed', mfa.user.id)).toEqual([
        { check: 'mfa_disable', reason: 'wrong_password' },
      ]);
    });
  });

  describe('ending sessions', () => {
    it('another device’s session needs a recent proof; the caller’s own does not', async () => {
      const { email, user, tokens } = await signedInUser(sut.http);
      const phone = await login(sut.http, email);
      const list = await sut.http.get('/auth/sessions', { token: tokens.access_token });
      const own = list.body.find((s: { current: boolean }) => s.current).id as string;
      const other = list.body.find((s: { current: boolean }) => !s.current).id as string;
      await db.ageSessions(user.id);

      const refused = await endSession(other, tokens.access_token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject(REAUTH_REQUIRED);
      expect((await sut.http.get('/auth/me', { token: phone.access_token })).status).toBe(200);

      const inline = await endSession(other, tokens.access_token, {
        currentPassword: STRONG_PASSWORD,
      });
      expect(inline.status).toBe(204);
      expect((await sut.http.get('/auth/me', { token: phone.access_token })).status).toBe(401);

      await db.ageSessions(user.id);
      expect((await endSession(own, tokens.access_token)).status).toBe(204); // signing out
    });

    it('a stolen token cannot end the owner’s session; after a re-authentication it can', async () => {
      const { email, user, tokens: attacker } = await signedInUser(sut.http);
      const owner = await login(sut.http, email);
      const ownerSession = (
        await sut.http.get('/auth/sessions', { token: owner.access_token })
      ).body.find((s: { current: boolean }) => s.current).id as string;
      await db.ageSessions(user.id);
      expect((await endSession(ownerSession, attacker.access_token)).status).toBe(403);
      await post('/auth/reauthenticate', owner.access_token, { password: STRONG_PASSWORD });
      // The owner's proof is fresh, the attacker's session is not: proofs are per session.
      expect((await endSession(ownerSession, attacker.access_token)).status).toBe(403);
      const attackerSession = (
        await sut.http.get('/auth/sessions', { token: owner.access_token })
      ).body.find((s: { current: boolean }) => !s.current).id as string;
      expect((await endSession(attackerSession, owner.access_token)).status).toBe(204);
      expect((await sut.http.get('/auth/me', { token: attacker.access_token })).status).toBe(401);
    });
  });

  it('housekeeping deletes a session’s re-authentication time with the session’s last token', async () => {
    const { token, user } = await staleUser();
    await post('/auth/reauthenticate', token, { password: STRONG_PASSWORD });
    const proofs = async () =>
      (await sut.query('SELECT family_id FROM session_auth_times WHERE user_id = ?', [user.id]))
        .length;
    expect(await proofs()).toBe(1);
    await sut.app.get(HousekeepingService).purge();
    expect(await proofs()).toBe(1); // the session lives on
    await sut.query('UPDATE refresh_tokens SET family_expires_at = ? WHERE user_id = ?', [
      sqlTime(kind, new Date(Date.now() - 3 * 86_400_000)),
      user.id,
    ]);
    await sut.app.get(HousekeepingService).purge();
    expect(await proofs()).toBe(0);
  });

  describe('changing the email', () => {
    const outbox = () => sut.config.MAIL_OUTBOX_DIR ?? '';

    it('validates the body before an inline proof is checked: a refused request proves nothing', async () => {
      const { token, user } = await staleUser();
      const refused = await post('/auth/change-email', token, {
        newEmail: 42,
        currentPassword: STRONG_PASSWORD,
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: [{ field: 'newEmail' }] });
      // Nothing was checked or recorded: no proof, no audit event, and still no recent sign-in.
      expect(await db.events('reauth.succeeded', user.id)).toHaveLength(0);
      const proofs = await sut.query('SELECT 1 FROM session_auth_times WHERE user_id = ?', [
        user.id,
      ]);
      expect(proofs).toHaveLength(0);
      expect(
        (await post('/auth/change-email', token, { newEmail: 'x@example.com' })).body,
      ).toMatchObject(REAUTH_REQUIRED);
    });

    it('needs a recent proof; the link goes to the new address and applies it, ending every session', async () => {
      const { token, user, email } = await staleUser();
      const newEmail = `moved-${email}`;
      const refused = await post('/auth/change-email', token, { newEmail });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject(REAUTH_REQUIRED);
      expect(readOutbox(outbox()).filter((m) => m.to === newEmail)).toHaveLength(0);

      const asked = await post('/auth/change-email', token, {
        newEmail: `  ${newEmail.toUpperCase()} `,
        currentPassword: STRONG_PASSWORD,
      });
      expect(asked.status).toBe(202);
      const link = await waitForMail(outbox(), newEmail, /Confirm your new email/);
      const notice = await waitForMail(outbox(), email, /change of your email address/);
      expect(notice.text).toContain(newEmail);
      const token2 = tokenFrom(link, '/confirm-email-change');
      const stored = await sut.query<{ token_hash: string }>(
        'SELECT token_hash FROM action_tokens WHERE user_id = ? AND purpose = ?',
        [user.id, 'change_email'],
      );
      expect(stored.map((r) => r.token_hash)).not.toContain(token2); // hashed at rest

      expect((await sut.http.post('/auth/confirm-email-change', { token: token2 })).status).toBe(
        204,
      );
      expect((await sut.http.get('/auth/me', { token })).status).toBe(401);
      const relogin = await login(sut.http, newEmail);
      const me = await sut.http.get('/auth/me', { token: relogin.access_token });
      expect(me.body).toMatchObject({ email: newEmail, isVerified: true });
      expect(
        (await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status,
      ).toBe(401);
      const keys = await sut.query<{ email_key: string }>(
        'SELECT email_key FROM users WHERE id = ?',
        [user.id],
      );
      expect(at(keys, 0).email_key).toBe(newEmail);
      expect(await db.events('email.changed', user.id)).toHaveLength(1);
      // Single use.
      const again = await sut.http.post('/auth/confirm-email-change', { token: token2 });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'INVALID_TOKEN' });
    });

    it('answers 409 for an address already taken, also when it was taken after the request', async () => {
      const other = await registerUser(sut.http);
      const { tokens, email } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const taken = await post('/auth/change-email', token, { newEmail: other.email });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'EMAIL_TAKEN' });

      const newEmail = `late-${email}`;
      expect((await post('/auth/change-email', token, { newEmail })).status).toBe(202);
      const link = await waitForMail(outbox(), newEmail, /Confirm your new email/);
      await registerUser(sut.http, { email: newEmail.toUpperCase() });
      const confirm = await sut.http.post('/auth/confirm-email-change', {
        token: tokenFrom(link, '/confirm-email-change'),
      });
      expect(confirm.status).toBe(409);
      expect(confirm.body).toMatchObject({ code: 'EMAIL_TAKEN' });
      expect((await sut.http.get('/auth/me', { token })).body.email).toBe(email);
    });
  });
});

describe.each(databases())('the re-authentication window [%s]', (kind) => {
  const { sut } = useTestApp(kind, { REAUTH_MAX_AGE_SECONDS: '2' });
  const db = rows(sut, kind);

  it('a sign-in, then a re-authentication, counts for REAUTH_MAX_AGE_SECONDS only', async () => {
    const { tokens, user } = await signedInUser(sut.http);
    const token = tokens.access_token;
    await db.ageSessions(user.id); // the sign-in, past the window
    expect((await sut.http.post('/auth/2fa/setup', undefined, { token })).status).toBe(403);
    await sut.http.post('/auth/reauthenticate', { password: STRONG_PASSWORD }, { token });
    expect((await sut.http.post('/auth/2fa/setup', undefined, { token })).status).toBe(200);
    await db.ageSessions(user.id); // the re-authentication, past the window
    const expired = await sut.http.post('/auth/2fa/setup', undefined, { token });
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject(REAUTH_REQUIRED);
  });
});

/**
 * Racing the re-check: N wrong proofs released at the same moment get exactly the limit's
 * comparisons (each leaves one `reauth.failed` event) and 429 for the rest.
 */
describe.each(databases())('re-authentication limits under a burst [%s]', (kind) => {
  describe.each(['memory', 'redis'])('%s counters', (store) => {
    const { sut } = useTestApp(kind, {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_GLOBAL_MAX: '100000',
      ...(store === 'redis'
        ? {
            REDIS_URL: 'redis://127.0.0.1:6379',
            REDIS_KEY_PREFIX: `gatehouse-test-${randomBytes(4).toString('hex')}:`,
          }
        : {}),
    });
    const db = rows(sut, kind);
    const request = (
      path: string,
      token: string,
      body: unknown,
      method = 'POST',
    ): BurstRequest => ({
      baseUrl: sut.http.baseUrl,
      path,
      method,
      body,
      token,
    });

    it('checks exactly 5 of 40 wrong passwords sent at once to /auth/reauthenticate; 35 get 429', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) =>
          request('/auth/reauthenticate', tokens.access_token, { password: `wrong password ${i}` }),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      expect(await db.events('reauth.failed', user.id)).toHaveLength(5);
      expect(
        (
          await sut.http.post(
            '/auth/reauthenticate',
            { password: STRONG_PASSWORD },
            { token: tokens.access_token },
          )
        ).status,
      ).toBe(429);
    });

    it('checks exactly 5 of 40 wrong inline passwords on 2FA setup and session ending together', async () => {
      const { email, tokens, user } = await signedInUser(sut.http);
      await login(sut.http, email);
      const other = (
        await sut.http.get('/auth/sessions', { token: tokens.access_token })
      ).body.find((s: { current: boolean }) => !s.current).id as string;
      await db.ageSessions(user.id);
      const token = tokens.access_token;
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) =>
          i % 2
            ? request('/auth/2fa/setup', token, { currentPassword: `wrong ${i}` })
            : request(
                `/auth/sessions/${other}`,
                token,
                { currentPassword: `wrong ${i}` },
                'DELETE',
              ),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      expect(await db.events('reauth.failed', user.id)).toHaveLength(5);
      expect(await db.mfaRows(user.id)).toBe(0);
    });

    it('checks exactly 5 of 100 wrong TOTP codes sent at once to /auth/reauthenticate', async () => {
      const mfa = await userWithMfa(sut.http);
      const responses = await burst(
        wrongTotpCodes(mfa.secret, 100).map((code) =>
          request('/auth/reauthenticate', mfa.tokens.access_token, { code }),
        ),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 95 });
      expect(await db.events('reauth.failed', mfa.user.id)).toEqual(
        Array.from({ length: 5 }, () => ({ check: 'reauthenticate', reason: 'wrong_mfa_code' })),
      );
    });
  });
});

describe.each(databases().filter((kind) => kind === 'postgres'))(
  're-authentication limits across two auth-api processes sharing Redis [%s]',
  (kind) => {
    let db: TestDatabase;
    let pair: ApiPair;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      pair = await startApiPair(db.url, {
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: `gatehouse-test-${randomBytes(4).toString('hex')}:`,
        RATE_LIMIT_GLOBAL_MAX: '100000',
      });
    }, PAIR_START_TIMEOUT_MS);
    afterAll(async () => {
      pair?.stop();
      await db?.drop();
    });

    it('checks exactly 5 of 40 wrong passwords sent at once to both processes', async () => {
      const { tokens, user } = await signedInUser(pair.a);
      const responses = await burst(
        Array.from({ length: 40 }, (_, i) => ({
          baseUrl: (i % 2 ? pair.b : pair.a).baseUrl,
          path: '/auth/reauthenticate',
          body: { password: `wrong password ${i}` },
          token: tokens.access_token,
        })),
      );
      expect(countStatuses(responses)).toEqual({ 400: 5, 429: 35 });
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'reauth.failed' AND user_id = $1",
          [user.id],
        );
        expect(Number(at(rows, 0).n)).toBe(5);
      } finally {
        await client.end();
      }
    });
  },
);
