import { randomUUID } from 'node:crypto';
import { login, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { type DatabaseKind, databases } from './support/databases';
import { userWithMfa } from './support/mfa';
import { tokenFrom, waitForMail } from './support/outbox';
import { addPasskey, passkeySignIn, signInOptions } from './support/passkeys';
import { SoftAuthenticator } from './support/soft-authenticator';
import { sqlTime } from './support/sql-time';
import { type RunningApp, useTestApp } from './support/test-app';

function audit(sut: RunningApp) {
  return async (type: string, userId: string): Promise<Record<string, unknown>[]> => {
    const rows = await sut.query<{ details: string }>(
      'SELECT details FROM audit_events WHERE type = ? AND user_id = ? ORDER BY created_at',
      [type, userId],
    );
    return rows.map((row) => JSON.parse(row.details ?? '{}') as Record<string, unknown>);
  };
}

describe.each(databases())('passkeys [%s]', (kind: DatabaseKind) => {
  const { sut } = useTestApp(kind);
  const events = audit(sut);
  const as = (token: string) => ({ token });

  describe('managing passkeys', () => {
    it('reports the same sign-in methods on /auth/me (per-request lookup) and PATCH /auth/me (stored rows)', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      await addPasskey(sut.http, token);
      await addPasskey(sut.http, token);
      // Providers linked in an order other than the sorted one; the reading paths sort them.
      for (const provider of ['zeta', 'alpha'])
        await sut.query(
          'INSERT INTO user_identities (id, user_id, provider, subject) VALUES (?, ?, ?, ?)',
          [randomUUID(), user.id, provider, `sub-${provider}-${user.id}`],
        );
      const expected = { password: true, passkeys: 2, providers: ['alpha', 'zeta'] };
      const me = await sut.http.get('/auth/me', as(token));
      expect(me.body.signInMethods).toEqual(expected);
      const patched = await sut.http.request('PATCH', '/auth/me', {
        ...as(token),
        body: { firstName: 'Ada' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.signInMethods).toEqual(expected);
    });

    it('registers, lists, renames and removes a passkey, auditing each step', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const { passkey } = await addPasskey(sut.http, token, undefined, '  Laptop  ');
      expect(passkey).toMatchObject({
        name: 'Laptop',
        deviceType: 'singleDevice',
        backedUp: false,
      });
      expect(passkey).toMatchObject({ transports: ['internal'], lastUsedAt: null });

      const list = await sut.http.get('/auth/passkeys', as(token));
      expect(list.status).toBe(200);
      expect(list.body).toEqual([passkey]);
      const me = await sut.http.get('/auth/me', as(token));
      expect(me.body.signInMethods).toEqual({ password: true, passkeys: 1, providers: [] });

      const renamed = await sut.http.request('PATCH', `/auth/passkeys/${passkey.id}`, {
        ...as(token),
        body: { name: 'Work laptop' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('Work laptop');

      const removed = await sut.http.request('DELETE', `/auth/passkeys/${passkey.id}`, as(token));
      expect(removed.status).toBe(204);
      expect((await sut.http.get('/auth/passkeys', as(token))).body).toEqual([]);
      expect(await events('passkey.added', user.id)).toHaveLength(1);
      expect(await events('passkey.renamed', user.id)).toEqual([
        { passkeyId: passkey.id, from: 'Laptop', to: 'Work laptop' },
      ]);
      expect(await events('passkey.removed', user.id)).toHaveLength(1);
    });

    it('lists the user’s passkeys in excludeCredentials and refuses the same authenticator twice', async () => {
      const { tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const { auth } = await addPasskey(sut.http, token);
      const start = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(token),
      );
      expect(start.body.options.excludeCredentials).toEqual([
        { id: auth.id, type: 'public-key', transports: ['internal'] },
      ]);
      expect(start.body.options.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        userVerification: 'required',
      });
      expect(start.body.options.attestation).toBe('none');
      const again = await sut.http.post(
        '/auth/passkeys',
        { flowId: start.body.flowId, response: auth.register(start.body.options) },
        as(token),
      );
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('PASSKEY_REJECTED');
    });

    it('answers 404 for another user’s passkey, and refuses names that are empty, long or control characters', async () => {
      const owner = await signedInUser(sut.http);
      const other = await signedInUser(sut.http);
      const { passkey } = await addPasskey(sut.http, owner.tokens.access_token);
      const otherToken = other.tokens.access_token;
      const path = `/auth/passkeys/${passkey.id}`;
      expect((await sut.http.request('DELETE', path, as(otherToken))).status).toBe(404);
      const rename = (name: unknown, token = otherToken) =>
        sut.http.request('PATCH', path, { token, body: { name } });
      expect((await rename('mine now')).status).toBe(404);
      for (const name of ['   ', 'x'.repeat(65), 'bad\u0007name', 42])
        expect((await rename(name, owner.tokens.access_token)).status).toBe(400);
    });

    it('never removes the last way to sign in: 409 LAST_SIGN_IN_METHOD', async () => {
      const { tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const { passkey } = await addPasskey(sut.http, token);
      expect((await sut.http.request('DELETE', '/auth/me/password', as(token))).status).toBe(204);
      const last = await sut.http.request('DELETE', `/auth/passkeys/${passkey.id}`, as(token));
      expect(last.status).toBe(409);
      expect(last.body.code).toBe('LAST_SIGN_IN_METHOD');
    });
  });

  describe('signing in', () => {
    it('signs in with a passkey: the same token pair as login, audited as multi-factor', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const { auth, passkey } = await addPasskey(sut.http, tokens.access_token);
      const res = await passkeySignIn(sut.http, auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
      const me = await sut.http.get('/auth/me', as(res.body.access_token));
      expect(me.body.id).toBe(user.id);
      const succeeded = await events('login.succeeded', user.id);
      expect(succeeded.at(-1)).toMatchObject({
        method: 'passkey',
        mfa: true,
        passkeyId: passkey.id,
      });
      const list = await sut.http.get('/auth/passkeys', as(res.body.access_token));
      expect(list.body[0].lastUsedAt).not.toBeNull();
    });

    it('skips the TOTP step for an account with 2FA on', async () => {
      const account = await userWithMfa(sut.http);
      const { auth } = await addPasskey(sut.http, account.tokens.access_token);
      const res = await passkeySignIn(sut.http, auth);
      expect(res.status).toBe(200);
      expect(res.body.access_token).toEqual(expect.any(String));
      expect(res.body.mfa_required).toBeUndefined();
    });

    it('refuses a replayed assertion and a used challenge', async () => {
      const { tokens } = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, tokens.access_token);
      const { flowId, options } = await signInOptions(sut.http);
      const body = { flowId, response: auth.assert(options) };
      expect((await sut.http.post('/auth/passkeys/authentication', body)).status).toBe(200);
      const replay = await sut.http.post('/auth/passkeys/authentication', body);
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'PASSKEY_NOT_VERIFIED' });
      const fresh = await sut.http.post('/auth/passkeys/authentication', {
        flowId,
        response: auth.assert(options),
      });
      expect(fresh.status).toBe(401);
    });

    it('refuses an expired challenge', async () => {
      const { tokens } = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, tokens.access_token);
      const { flowId, options } = await signInOptions(sut.http);
      await sut.query('UPDATE webauthn_challenges SET expires_at = ? WHERE id = ?', [
        sqlTime(kind, new Date(Date.now() - 1000)),
        flowId,
      ]);
      const res = await sut.http.post('/auth/passkeys/authentication', {
        flowId,
        response: auth.assert(options),
      });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/expired or was already used/);
    });

    it('refuses a challenge issued for another flow kind or another user’s session', async () => {
      const alice = await signedInUser(sut.http);
      const bob = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, alice.tokens.access_token);
      // a registration challenge of Alice's session, used to sign in
      const reg = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(alice.tokens.access_token),
      );
      const signIn = await sut.http.post('/auth/passkeys/authentication', {
        flowId: reg.body.flowId,
        response: auth.assert(reg.body.options),
      });
      expect(signIn.status).toBe(401);
      // Bob's registration flow, finished by Alice
      const bobs = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(bob.tokens.access_token),
      );
      const stolen = await sut.http.post(
        '/auth/passkeys',
        { flowId: bobs.body.flowId, response: new SoftAuthenticator().register(bobs.body.options) },
        as(alice.tokens.access_token),
      );
      expect(stolen.status).toBe(400);
      expect(stolen.body.code).toBe('PASSKEY_REJECTED');
      // a sign-in challenge used to register
      const { flowId, options } = await signInOptions(sut.http);
      const wrongKind = await sut.http.post(
        '/auth/passkeys',
        { flowId, response: new SoftAuthenticator().register({ ...options, user: { id: 'x' } }) },
        as(alice.tokens.access_token),
      );
      expect(wrongKind.status).toBe(400);
    });

    it.each([
      ['a wrong origin', { origin: 'https://evil.example' }, /origin/i],
      ['a wrong RP ID', { rpId: 'evil.example' }, /RP ID/i],
      ['no user verification flag', { flags: { uv: false } }, /verif/i],
      ['no user presence flag', { flags: { up: false, uv: true } }, /present/i],
    ])('refuses an assertion with %s', async (_, ceremony, message) => {
      const { tokens } = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, tokens.access_token);
      const res = await passkeySignIn(sut.http, auth, ceremony);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'PASSKEY_NOT_VERIFIED' });
      expect(res.body.message).toMatch(message);
    });

    it('refuses a registration from a wrong origin', async () => {
      const { tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const start = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(token),
      );
      const res = await sut.http.post(
        '/auth/passkeys',
        {
          flowId: start.body.flowId,
          response: new SoftAuthenticator().register(start.body.options, {
            origin: 'http://localhost:9999',
          }),
        },
        as(token),
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/origin/i);
    });

    it('refuses a cloned authenticator whose counter goes backwards, keeps the stored counter and audits it', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const { auth, passkey } = await addPasskey(sut.http, tokens.access_token);
      const clone = auth.clone();
      expect((await passkeySignIn(sut.http, auth)).status).toBe(200);
      expect((await passkeySignIn(sut.http, auth)).status).toBe(200); // counter now 2
      const res = await passkeySignIn(sut.http, clone); // the clone says 1
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'PASSKEY_COUNTER_REGRESSED' });
      expect(res.body.message).toMatch(/counter/);
      const [stored] = await sut.query<{ sign_count: number | string }>(
        'SELECT sign_count FROM webauthn_credentials WHERE id = ?',
        [passkey.id],
      );
      expect(Number(stored?.sign_count)).toBe(2);
      expect(await events('passkey.counter_regressed', user.id)).toEqual([
        expect.objectContaining({
          passkeyId: passkey.id,
          credentialId: auth.id,
          storedCounter: 2,
          receivedCounter: 1,
        }),
      ]);
      expect((await passkeySignIn(sut.http, auth)).status).toBe(200); // the original goes on
    });

    it('refuses an unknown credential and audits login.failed', async () => {
      const res = await passkeySignIn(sut.http, new SoftAuthenticator());
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/not registered/);
    });

    it('refuses inactive accounts like password sign-in does', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, tokens.access_token);
      await sut.query('UPDATE users SET is_active = ? WHERE id = ?', [
        kind === 'postgres' ? false : 0,
        user.id,
      ]);
      const res = await passkeySignIn(sut.http, auth);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ACCOUNT_INACTIVE');
    });

    it.each<[string, unknown]>([
      ['no body', undefined],
      ['a string response', 'abc'],
      [
        'numbers for strings',
        { id: 1, rawId: 2, type: 'public-key', response: {}, clientExtensionResults: {} },
      ],
      [
        'non-base64url data',
        {
          id: '***',
          rawId: '***',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: '!!', authenticatorData: '??', signature: '==' },
        },
      ],
      [
        'a huge signature',
        {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          clientExtensionResults: {},
          response: {
            clientDataJSON: 'AAAA',
            authenticatorData: 'AAAA',
            signature: 'A'.repeat(50_000),
          },
        },
      ],
      [
        'garbage that is base64url',
        {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
        },
      ],
    ])('answers 4xx, never 500, to %s', async (_, response) => {
      const { flowId } = await signInOptions(sut.http);
      const res = await sut.http.post('/auth/passkeys/authentication', { flowId, response });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('answers 400 to a malformed registration body', async () => {
      const { tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const start = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(token),
      );
      for (const response of [null, [], { id: 'AA', rawId: 'AA', type: 'x', response: {} }]) {
        const res = await sut.http.post(
          '/auth/passkeys',
          { flowId: start.body.flowId, response },
          as(token),
        );
        expect(res.status).toBe(400);
      }
      const garbage = await sut.http.post(
        '/auth/passkeys',
        {
          flowId: start.body.flowId,
          response: {
            id: 'AA',
            rawId: 'AA',
            type: 'public-key',
            clientExtensionResults: {},
            response: { clientDataJSON: 'AA', attestationObject: 'AA' },
          },
        },
        as(token),
      );
      expect(garbage.status).toBe(400);
    });
  });

  describe('re-authenticating with a passkey', () => {
    it('makes the session’s proof fresh, audited reauth.succeeded with method passkey', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const { auth } = await addPasskey(sut.http, token);
      const hourAgo = sqlTime(kind, new Date(Date.now() - 3_600_000));
      await sut.query('UPDATE refresh_tokens SET created_at = ? WHERE user_id = ?', [
        hourAgo,
        user.id,
      ]);
      await sut.query('UPDATE session_auth_times SET authenticated_at = ? WHERE user_id = ?', [
        hourAgo,
        user.id,
      ]);
      const stale = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(token),
      );
      expect(stale.status).toBe(403);
      const start = await sut.http.post(
        '/auth/reauthenticate/passkey/options',
        undefined,
        as(token),
      );
      expect(start.body.options.allowCredentials).toEqual([
        { id: auth.id, type: 'public-key', transports: ['internal'] },
      ]);
      const done = await sut.http.post(
        '/auth/reauthenticate/passkey',
        { flowId: start.body.flowId, response: auth.assert(start.body.options) },
        as(token),
      );
      expect(done.status).toBe(204);
      expect((await events('reauth.succeeded', user.id)).at(-1)).toMatchObject({
        method: 'passkey',
      });
      const fresh = await sut.http.post(
        '/auth/passkeys/registration/options',
        undefined,
        as(token),
      );
      expect(fresh.status).toBe(200);
    });

    it('refuses another user’s passkey and a sign-in challenge', async () => {
      const alice = await signedInUser(sut.http);
      const bob = await signedInUser(sut.http);
      await addPasskey(sut.http, alice.tokens.access_token);
      const bobs = await addPasskey(sut.http, bob.tokens.access_token);
      const token = alice.tokens.access_token;
      const start = await sut.http.post(
        '/auth/reauthenticate/passkey/options',
        undefined,
        as(token),
      );
      const wrongKey = await sut.http.post(
        '/auth/reauthenticate/passkey',
        { flowId: start.body.flowId, response: bobs.auth.assert(start.body.options) },
        as(token),
      );
      expect(wrongKey.status).toBe(400);
      const { flowId, options } = await signInOptions(sut.http);
      const wrongFlow = await sut.http.post(
        '/auth/reauthenticate/passkey',
        { flowId, response: bobs.auth.assert(options) },
        as(bob.tokens.access_token),
      );
      expect(wrongFlow.status).toBe(400);
    });
  });

  describe('going passwordless', () => {
    it('drops the password once a passkey exists, ends other sessions; password login then answers like a wrong password; the reset link recovers', async () => {
      const { user, email, tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const other = await login(sut.http, email);
      const none = await sut.http.request('DELETE', '/auth/me/password', as(token));
      expect(none.status).toBe(409);
      expect(none.body.code).toBe('LAST_SIGN_IN_METHOD');
      const { auth } = await addPasskey(sut.http, token);
      expect((await sut.http.request('DELETE', '/auth/me/password', as(token))).status).toBe(204);
      expect(await events('password.removed', user.id)).toHaveLength(1);
      expect((await sut.http.get('/auth/me', as(other.access_token))).status).toBe(401);
      const me = await sut.http.get('/auth/me', as(token));
      expect(me.body.signInMethods).toEqual({ password: false, passkeys: 1, providers: [] });

      const byPassword = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      const wrong = await sut.http.post('/auth/login', {
        email: 'nobody@example.com',
        password: 'x'.repeat(12),
      });
      expect(byPassword.status).toBe(401);
      expect({ ...byPassword.body, traceId: 0 }).toEqual({ ...wrong.body, traceId: 0 });

      const change = await sut.http.post(
        '/auth/change-password',
        { currentPassword: STRONG_PASSWORD, newPassword: 'another strong passphrase' },
        as(token),
      );
      expect(change.status).toBe(400);
      expect(change.body).toMatchObject({ code: 'PASSWORD_NOT_SET' });
      expect(change.body.message).toMatch(/reset link/);

      expect((await passkeySignIn(sut.http, auth)).status).toBe(200);
      // recovery: the emailed reset link sets a password again
      expect((await sut.http.post('/auth/forgot-password', { email })).status).toBe(202);
      const mail = await waitForMail(sut.config.MAIL_OUTBOX_DIR, email, /Reset your password/);
      const reset = await sut.http.post('/auth/reset-password', {
        token: tokenFrom(mail, `${sut.config.WEB_BASE_URL}/reset-password`),
        password: 'a brand new passphrase',
      });
      expect(reset.status).toBe(204);
      expect(
        (await sut.http.post('/auth/login', { email, password: 'a brand new passphrase' })).status,
      ).toBe(200);
    });
  });
});

describe.each(databases())(
  'passkeys for admins under REQUIRE_ADMIN_MFA [%s]',
  (kind: DatabaseKind) => {
    const { sut } = useTestApp(kind, { REQUIRE_ADMIN_MFA: 'true' });

    it('signs an admin without TOTP in with a passkey alone; admin routes and refresh accept the session', async () => {
      const { user, email, tokens } = await signedInUser(sut.http);
      const { auth } = await addPasskey(sut.http, tokens.access_token);
      await sut.query(
        "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
        [user.id],
      );
      // The password alone only opens the 2FA enrolment step.
      const byPassword = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
      expect(byPassword.body.mfa_enrollment_required).toBe(true);
      const res = await passkeySignIn(sut.http, auth);
      expect(res.status).toBe(200);
      const users = await sut.http.get('/users', { token: res.body.access_token });
      expect(users.status).toBe(200);
      const refreshed = await sut.http.post('/auth/refresh', {
        refresh_token: res.body.refresh_token,
      });
      expect(refreshed.status).toBe(200);
    });
  },
);
