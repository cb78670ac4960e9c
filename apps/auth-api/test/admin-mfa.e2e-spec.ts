import { createHash } from 'node:crypto';
import { login, registerUser, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { at } from './support/at';
import { burst, countStatuses } from './support/burst';
import { databases } from './support/databases';
import { userWithMfa, wrongTotpCodes } from './support/mfa';
import { type RunningApp, useTestApp } from './support/test-app';
import { totpFor } from './support/totp';

const SETUP = '/auth/login/mfa-enrollment/setup';
const ENABLE = '/auth/login/mfa-enrollment/enable';

/** Helpers over one running app: accounts made admin in SQL, the enrolment steps, audit counts. */
function adminMfaHelpers(sut: RunningApp) {
  const promote = (userId: string) =>
    sut.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [userId],
    );
  const events = async (type: string, userId: string) => {
    const rows = await sut.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM audit_events WHERE type = ? AND user_id = ?',
      [type, userId],
    );
    return Number(at(rows, 0).n);
  };
  /** A registered account holding `admin` (granted in SQL), without 2FA and without a session. */
  const freshAdmin = async () => {
    const account = await registerUser(sut.http);
    await promote(account.user.id);
    return account;
  };
  /** The password step of an admin who must enrol: the enrolment token. */
  const enrollmentToken = async (email: string, password = STRONG_PASSWORD) => {
    const answer = await sut.http.post('/auth/login', { email, password });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      mfa_enrollment_required: true,
      enrollment_token: expect.any(String),
    });
    return answer.body.enrollment_token as string;
  };
  const setup = async (token: string) => {
    const answer = await sut.http.post(SETUP, { enrollment_token: token });
    expect(answer.status).toBe(200);
    return answer.body.secret as string;
  };
  return { promote, events, freshAdmin, enrollmentToken, setup };
}

describe.each(databases())(
  'admins must enrol 2FA at sign-in (REQUIRE_ADMIN_MFA on) [%s]',
  (kind) => {
    const { sut } = useTestApp(kind, { ...ADMIN_ENV, REQUIRE_ADMIN_MFA: 'true' });
    const h = adminMfaHelpers(sut);

    it('guides the bootstrap admin through enrolment at first sign-in; enabling completes it', async () => {
      const token = await h.enrollmentToken(ADMIN.email, ADMIN.password);
      const admin = at(
        await sut.query<{ id: string }>('SELECT id FROM users WHERE email = ?', [ADMIN.email]),
        0,
      );
      // No session was opened by the password alone; the token is stored only as its hash.
      expect(
        await sut.query('SELECT id FROM refresh_tokens WHERE user_id = ?', [admin.id]),
      ).toEqual([]);
      expect(await h.events('login.succeeded', admin.id)).toBe(0);
      const stored = await sut.query<{ token_hash: string }>(
        "SELECT token_hash FROM action_tokens WHERE user_id = ? AND purpose = 'mfa_enrollment'",
        [admin.id],
      );
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

      const setup = await sut.http.post(SETUP, { enrollment_token: token });
      expect(setup.status).toBe(200);
      expect(setup.headers.get('cache-control')).toBe('no-store');
      expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

      const enabled = await sut.http.post(ENABLE, {
        enrollment_token: token,
        code: totpFor(setup.body.secret),
      });
      expect(enabled.status).toBe(200);
      expect(enabled.headers.get('cache-control')).toBe('no-store');
      expect(enabled.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: expect.any(Number),
        recoveryCodes: expect.arrayContaining([expect.stringMatching(/^[a-z0-9]{5}-[a-z0-9]{5}$/)]),
      });
      expect(enabled.body.recoveryCodes).toHaveLength(10);
      const access = enabled.body.access_token as string;
      expect((await sut.http.get('/auth/me', { token: access })).body.mfaEnabled).toBe(true);
      expect((await sut.http.get('/users', { token: access })).status).toBe(200);
      expect(await h.events('mfa.enabled', admin.id)).toBe(1);
      expect(await h.events('login.succeeded', admin.id)).toBe(1);

      // From now on the admin signs in with the usual second step.
      const next = await sut.http.post('/auth/login', {
        email: ADMIN.email,
        password: ADMIN.password,
      });
      expect(next.body).toEqual({ mfa_required: true, mfa_token: expect.any(String) });
    });

    it('uses the enrolment token once', async () => {
      const { email } = await h.freshAdmin();
      const token = await h.enrollmentToken(email);
      const secret = await h.setup(token);
      const first = await sut.http.post(ENABLE, { enrollment_token: token, code: totpFor(secret) });
      expect(first.status).toBe(200);
      for (const [path, body] of [
        [SETUP, { enrollment_token: token }],
        [ENABLE, { enrollment_token: token, code: totpFor(secret, Date.now() + 30_000) }],
      ] as const) {
        const again = await sut.http.post(path, body);
        expect(again.status).toBe(401);
        expect(again.body.code).toBe('INVALID_CREDENTIALS');
        expect(again.body).not.toHaveProperty('access_token');
      }
    });

    it('completes one sign-in when the right code is sent 10 times at once on one token', async () => {
      const { email, user } = await h.freshAdmin();
      const token = await h.enrollmentToken(email);
      const code = totpFor(await h.setup(token));
      const responses = await burst(
        Array.from({ length: 10 }, () => ({
          baseUrl: sut.http.baseUrl,
          path: ENABLE,
          body: { enrollment_token: token, code },
        })),
      );
      expect(countStatuses(responses)).toEqual({ 200: 1, 401: 9 });
      expect(await h.events('mfa.enabled', user.id)).toBe(1);
      expect(await h.events('login.succeeded', user.id)).toBe(1);
      const sessions = await sut.query('SELECT id FROM refresh_tokens WHERE user_id = ?', [
        user.id,
      ]);
      expect(sessions).toHaveLength(1);
    });

    it('refuses an expired or unknown enrolment token', async () => {
      const { email, user } = await h.freshAdmin();
      const token = await h.enrollmentToken(email);
      const secret = await h.setup(token);
      await sut.query(
        "UPDATE action_tokens SET expires_at = created_at WHERE user_id = ? AND purpose = 'mfa_enrollment'",
        [user.id],
      );
      const late = await sut.http.post(ENABLE, { enrollment_token: token, code: totpFor(secret) });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('INVALID_CREDENTIALS');
      expect((await sut.http.post(SETUP, { enrollment_token: token })).status).toBe(401);
      expect((await sut.http.post(SETUP, { enrollment_token: 'x'.repeat(43) })).status).toBe(401);
      const mfa = at(
        await sut.query<{ enabled_at: unknown }>(
          'SELECT enabled_at FROM user_mfa WHERE user_id = ?',
          [user.id],
        ),
        0,
      );
      expect(mfa.enabled_at).toBeNull();
    });

    it('refuses a wrong code as a failed sign-in (401, audited) and keeps the step open', async () => {
      const { email, user } = await h.freshAdmin();
      const token = await h.enrollmentToken(email);
      const secret = await h.setup(token);
      const [wrong] = wrongTotpCodes(secret, 1);
      const refused = await sut.http.post(ENABLE, { enrollment_token: token, code: wrong });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('INVALID_MFA_CODE');
      expect(await h.events('login.failed', user.id)).toBe(1);
      const event = at(
        await sut.query<{ details: unknown }>(
          "SELECT details FROM audit_events WHERE type = 'login.failed' AND user_id = ?",
          [user.id],
        ),
        0,
      );
      const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
      expect(details).toEqual({ reason: 'wrong_mfa_code' });
      expect(
        (await sut.http.post(ENABLE, { enrollment_token: token, code: totpFor(secret) })).status,
      ).toBe(200);
    });

    it('refuses admin routes (403 MFA_REQUIRED, audited) and refresh to an admin without 2FA', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      await h.promote(user.id); // granted after this sign-in
      const refused = await sut.http.get('/users', { token: tokens.access_token });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('MFA_REQUIRED');
      expect(await h.events('access.denied', user.id)).toBe(1);
      // Their own account still works until the session ends…
      expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(200);
      // …which the next refresh does: a new sign-in goes through the enrolment.
      const refresh = await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token });
      expect(refresh.status).toBe(401);
      expect(refresh.body.code).toBe('MFA_ENROLLMENT_REQUIRED');
      const ended = at(
        await sut.query<{ details: unknown }>(
          "SELECT details FROM audit_events WHERE type = 'session.revoked' AND user_id = ?",
          [user.id],
        ),
        0,
      );
      const details = typeof ended.details === 'string' ? JSON.parse(ended.details) : ended.details;
      expect(details).toMatchObject({ reason: 'mfa_required' });
      expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(401);
      await h.enrollmentToken(user.email);
    });

    it('refuses to turn 2FA off for an admin, and still lets a plain user do it', async () => {
      const { email } = await h.freshAdmin();
      const token = await h.enrollmentToken(email);
      const secret = await h.setup(token);
      const enrolled = await sut.http.post(ENABLE, {
        enrollment_token: token,
        code: totpFor(secret),
      });
      const [recovery] = enrolled.body.recoveryCodes as string[];
      const refused = await sut.http.post(
        '/auth/2fa/disable',
        { password: STRONG_PASSWORD, code: recovery },
        { token: enrolled.body.access_token },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('MFA_REQUIRED');
      expect(refused.body.message).toMatch(/administrators must keep two-factor/);
      expect(
        (await sut.http.get('/auth/me', { token: enrolled.body.access_token })).body.mfaEnabled,
      ).toBe(true);

      const plain = await userWithMfa(sut.http);
      const off = await sut.http.post(
        '/auth/2fa/disable',
        { password: STRONG_PASSWORD, code: plain.recoveryCodes[0] },
        { token: plain.tokens.access_token },
      );
      expect(off.status).toBe(204);
    });

    it('leaves plain users unaffected: tokens at sign-in, no enrolment', async () => {
      const { email } = await registerUser(sut.http);
      const answer = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveProperty('access_token');
      expect(answer.body).not.toHaveProperty('mfa_enrollment_required');
      const refreshed = await sut.http.post('/auth/refresh', {
        refresh_token: answer.body.refresh_token,
      });
      expect(refreshed.status).toBe(200);
    });
  },
);

describe.each(databases())('enrolment codes under a burst (REQUIRE_ADMIN_MFA on) [%s]', (kind) => {
  const { sut } = useTestApp(kind, {
    REQUIRE_ADMIN_MFA: 'true',
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_GLOBAL_MAX: '100000',
  });
  const h = adminMfaHelpers(sut);

  it('checks exactly 5 of 40 wrong codes sent at once on one enrolment token; 35 get 429', async () => {
    const { email, user } = await h.freshAdmin();
    const token = await h.enrollmentToken(email);
    const secret = await h.setup(token);
    const responses = await burst(
      wrongTotpCodes(secret, 40).map((code) => ({
        baseUrl: sut.http.baseUrl,
        path: ENABLE,
        body: { enrollment_token: token, code },
      })),
    );
    expect(countStatuses(responses)).toEqual({ 401: 5, 429: 35 });
    for (const r of responses.filter((r) => r.status === 429))
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.events('login.failed', user.id)).toBe(5);
    expect(await h.events('mfa.enabled', user.id)).toBe(0);
  });
});

describe.each(databases())('REQUIRE_ADMIN_MFA off: today’s sign-in [%s]', (kind) => {
  const { sut } = useTestApp(kind, { ...ADMIN_ENV, REQUIRE_ADMIN_MFA: 'false' });

  it('gives an admin without 2FA tokens, admin routes and refresh as before', async () => {
    const tokens = await login(sut.http, ADMIN.email, ADMIN.password);
    expect(tokens.access_token).toEqual(expect.any(String));
    expect((await sut.http.get('/users', { token: tokens.access_token })).status).toBe(200);
    const refreshed = await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const setup = await sut.http.post(SETUP, { enrollment_token: 'x'.repeat(43) });
    expect(setup.status).toBe(401);
  });
});
