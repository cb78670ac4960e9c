import { readdirSync } from 'node:fs';
import {
  login,
  registerUser,
  signedInUser,
  STRONG_PASSWORD,
  uniqueEmail,
} from './support/accounts';
import { at } from './support/at';
import { createTestDatabase, databases, holdTables, type TestDatabase } from './support/databases';
import { readOutbox, tokenFrom, waitForMail } from './support/outbox';
import { sqlTime } from './support/sql-time';
import { type RunningApp, startApp } from './support/test-app';

describe.each(databases())('email verification, password reset and profile [%s]', (kind) => {
  let db: TestDatabase;
  let sut: RunningApp;
  let outbox: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    sut = await startApp(db, { WEB_BASE_URL: 'https://app.example.test' });
    outbox = sut.config.MAIL_OUTBOX_DIR;
  });
  afterAll(async () => {
    await sut.close();
    await db.drop();
  });

  const verificationToken = async (email: string) =>
    tokenFrom(
      await waitForMail(outbox, email, /Confirm your email/),
      'https://app.example.test/verify-email',
    );
  const resetRequests = () =>
    sut.query<{ user_id: string | null }>(
      "SELECT user_id FROM audit_events WHERE type = 'password_reset.requested' ORDER BY created_at",
    );
  const resetToken = async (email: string) =>
    tokenFrom(
      await waitForMail(outbox, email, /Reset your password/),
      'https://app.example.test/reset-password',
    );

  describe('verification', () => {
    it('refuses an unknown, malformed or wrong-purpose token with 400', async () => {
      expect(
        (await sut.http.post('/auth/verify-email', { token: 'A'.repeat(43) })).body,
      ).toMatchObject({
        statusCode: 400,
        code: 'INVALID_TOKEN',
      });
      expect((await sut.http.post('/auth/verify-email', { token: 'short' })).status).toBe(400);
      expect((await sut.http.post('/auth/verify-email', {})).status).toBe(400);
      const { email } = await registerUser(sut.http);
      await sut.http.post('/auth/forgot-password', { email });
      expect(
        (await sut.http.post('/auth/verify-email', { token: await resetToken(email) })).status,
      ).toBe(400);
    });

    it('refuses an expired token', async () => {
      const { email, user } = await registerUser(sut.http);
      const token = await verificationToken(email);
      await sut.query('UPDATE action_tokens SET expires_at = ? WHERE user_id = ?', [
        sqlTime(kind, new Date(Date.now() - 1000)),
        user.id,
      ]);
      expect((await sut.http.post('/auth/verify-email', { token })).status).toBe(400);
    });

    it('mails a link on registration that verifies once', async () => {
      const { email } = await registerUser(sut.http);
      const mail = await waitForMail(outbox, email, /Confirm your email/);
      expect(mail.html.replace(/&#x3D;/g, '=')).toContain(
        'href="https://app.example.test/verify-email?token=',
      );
      expect(mail.text).toMatch(/expires in 24 hours/);
      const token = tokenFrom(mail, 'https://app.example.test/verify-email');
      const first = await sut.http.post('/auth/verify-email', { token });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ email, isVerified: true });
      expect((await sut.http.post('/auth/verify-email', { token })).status).toBe(400);
    });

    it('answers 202 to resend-verification whether or not the account exists; a new link replaces the old', async () => {
      const ghost = await sut.http.post('/auth/resend-verification', {
        email: uniqueEmail('ghost'),
      });
      expect(ghost.status).toBe(202);
      const { email } = await registerUser(sut.http);
      const first = await verificationToken(email);
      const again = await sut.http.post('/auth/resend-verification', { email });
      expect(again.status).toBe(202);
      expect(again.body).toEqual(ghost.body);
      const deadline = Date.now() + 5000;
      let second = first;
      while (second === first && Date.now() < deadline) {
        second = tokenFrom(
          readOutbox(outbox)
            .filter((m) => m.to === email)
            .at(-1)!,
          'https://app.example.test/verify-email',
        );
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(second).not.toBe(first);
      expect((await sut.http.post('/auth/verify-email', { token: first })).status).toBe(400);
      expect((await sut.http.post('/auth/verify-email', { token: second })).status).toBe(200);
    });

    it('with REQUIRE_VERIFIED_EMAIL, refuses login until the address is verified', async () => {
      const strict = await startApp(db, {
        REQUIRE_VERIFIED_EMAIL: 'true',
        DATABASE_MIGRATE: 'false',
      });
      try {
        const { email } = await registerUser(strict.http);
        const refused = await strict.http.post('/auth/login', { email, password: STRONG_PASSWORD });
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
        const token = tokenFrom(
          await waitForMail(strict.config.MAIL_OUTBOX_DIR, email, /Confirm/),
          '/verify-email',
        );
        expect((await strict.http.post('/auth/verify-email', { token })).status).toBe(200);
        await login(strict.http, email);
      } finally {
        await strict.close();
      }
    });
  });

  describe('password reset', () => {
    it('answers 202 alike for known and unknown emails, and mails only the known one', async () => {
      const { email } = await registerUser(sut.http);
      const ghostEmail = uniqueEmail('ghost');
      const known = await sut.http.post('/auth/forgot-password', { email });
      const unknown = await sut.http.post('/auth/forgot-password', { email: ghostEmail });
      expect([known.status, unknown.status]).toEqual([202, 202]);
      expect(known.body).toEqual(unknown.body);
      const mail = await waitForMail(outbox, email, /Reset your password/);
      expect(mail.text).toMatch(/expires in 60 minutes/);
      expect(readOutbox(outbox).some((m) => m.to === ghostEmail)).toBe(false);
    });

    it('answers before it looks the address up or writes anything, known or unknown', async () => {
      const { email, user } = await registerUser(sut.http);
      const ghostEmail = uniqueEmail('ghost');
      const before = await resetRequests();
      // With the tables held, reads included, an answer that waited on a lookup or a write
      // could not come back. (PostgreSQL only: SQLite's one synchronous connection lives in this
      // process, so a foreign lock would stall the test itself.)
      const lock = kind === 'postgres' ? await holdTables(db, ['users', 'audit_events']) : null;
      let answers: { status: number; body: unknown }[];
      try {
        answers = await Promise.all([
          sut.http.post('/auth/forgot-password', { email }),
          sut.http.post('/auth/forgot-password', { email: ghostEmail }),
        ]);
      } finally {
        await lock?.release();
      }
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      expect(at(answers, 0).body).toEqual(at(answers, 1).body);
      // The work happened after the answer: both requests audited, the known address mailed.
      await waitForMail(outbox, email, /Reset your password/);
      let after = await resetRequests();
      for (let i = 0; i < 100 && after.length < before.length + 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = await resetRequests();
      }
      expect(after.slice(before.length).map((r) => r.user_id ?? null)).toEqual(
        expect.arrayContaining([user.id, null]),
      );
    });

    it('keeps the link usable after a refused weak password, then resets once and ends every session', async () => {
      const { email, tokens } = await signedInUser(sut.http);
      const second = await login(sut.http, email);
      await sut.http.post('/auth/forgot-password', { email });
      const token = await resetToken(email);
      const weak = await sut.http.post('/auth/reset-password', { token, password: 'password123' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD' });

      const newPassword = 'a brand new passphrase 7';
      expect(
        (await sut.http.post('/auth/reset-password', { token, password: newPassword })).status,
      ).toBe(204);
      expect(
        (await sut.http.post('/auth/reset-password', { token, password: newPassword })).status,
      ).toBe(400);
      expect(
        (await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD })).status,
      ).toBe(401);
      await login(sut.http, email, newPassword);
      for (const t of [tokens, second]) {
        expect(
          (await sut.http.post('/auth/refresh', { refresh_token: t.refresh_token })).status,
        ).toBe(401);
        expect((await sut.http.get('/auth/me', { token: t.access_token })).status).toBe(401);
      }
      await waitForMail(outbox, email, /Your password was changed/);
    });

    it('invalidates earlier reset links when a new one is sent, and refuses expired ones', async () => {
      const { email, user } = await registerUser(sut.http);
      await sut.http.post('/auth/forgot-password', { email });
      const first = await resetToken(email);
      await sut.http.post('/auth/forgot-password', { email });
      let second = first;
      for (let i = 0; i < 100 && second === first; i++) {
        await new Promise((r) => setTimeout(r, 50));
        second = await resetToken(email);
      }
      expect(
        (
          await sut.http.post('/auth/reset-password', {
            token: first,
            password: 'another fine passphrase',
          })
        ).status,
      ).toBe(400);
      await sut.query('UPDATE action_tokens SET expires_at = ? WHERE user_id = ?', [
        sqlTime(kind, new Date(Date.now() - 1000)),
        user.id,
      ]);
      expect(
        (
          await sut.http.post('/auth/reset-password', {
            token: second,
            password: 'another fine passphrase',
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('change password and profile', () => {
    it('needs the right current password and a strong new one', async () => {
      const { tokens } = await signedInUser(sut.http);
      const wrong = await sut.http.post(
        '/auth/change-password',
        { currentPassword: 'nope nope nope', newPassword: 'fresh passphrase 42' },
        { token: tokens.access_token },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD' });
      const weak = await sut.http.post(
        '/auth/change-password',
        { currentPassword: STRONG_PASSWORD, newPassword: 'password123' },
        { token: tokens.access_token },
      );
      expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD' });
      expect(
        (
          await sut.http.post('/auth/change-password', {
            currentPassword: STRONG_PASSWORD,
            newPassword: 'fresh passphrase 42',
          })
        ).status,
      ).toBe(401);
    });

    it('changes it, keeps this session, ends the others, and mails a notice', async () => {
      const { email, tokens } = await signedInUser(sut.http);
      const other = await login(sut.http, email);
      const changed = await sut.http.post(
        '/auth/change-password',
        { currentPassword: STRONG_PASSWORD, newPassword: 'fresh passphrase 42' },
        { token: tokens.access_token },
      );
      expect(changed.status).toBe(204);
      expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(200);
      expect(
        (await sut.http.post('/auth/refresh', { refresh_token: tokens.refresh_token })).status,
      ).toBe(200);
      expect((await sut.http.get('/auth/me', { token: other.access_token })).status).toBe(401);
      expect(
        (await sut.http.post('/auth/refresh', { refresh_token: other.refresh_token })).status,
      ).toBe(401);
      await login(sut.http, email, 'fresh passphrase 42');
      await waitForMail(outbox, email, /Your password was changed/);
    });

    it('updates names only; other fields are refused', async () => {
      const { tokens } = await signedInUser(sut.http);
      const updated = await sut.http.request('PATCH', '/auth/me', {
        body: { firstName: '  Grace ', lastName: 'Hopper' },
        token: tokens.access_token,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
      const cleared = await sut.http.request('PATCH', '/auth/me', {
        body: { lastName: null },
        token: tokens.access_token,
      });
      expect(cleared.body).toMatchObject({ firstName: 'Grace', lastName: null });
      for (const body of [
        { email: 'x@example.com' },
        { roles: ['admin'] },
        { isVerified: true },
        { firstName: 'x'.repeat(101) },
      ]) {
        expect(
          (await sut.http.request('PATCH', '/auth/me', { body, token: tokens.access_token }))
            .status,
        ).toBe(400);
      }
      expect((await sut.http.get('/auth/me', { token: tokens.access_token })).body.roles).toEqual([
        'user',
      ]);
    });
  });

  describe('sessions', () => {
    it('lists live sessions with the current one marked, and ends one on request', async () => {
      const { email, tokens } = await signedInUser(sut.http);
      const phone = (
        await sut.http.post(
          '/auth/login',
          { email, password: STRONG_PASSWORD },
          { headers: { 'user-agent': 'PhoneBrowser/1.0' } },
        )
      ).body;
      const list = await sut.http.get('/auth/sessions', { token: tokens.access_token });
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(2);
      const current = list.body.find((s: { current: boolean }) => s.current);
      const other = list.body.find((s: { current: boolean }) => !s.current);
      expect(other).toMatchObject({
        userAgent: 'PhoneBrowser/1.0',
        ip: '127.0.0.1',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      });
      expect(current.id).not.toBe(other.id);

      expect(
        (
          await sut.http.request('DELETE', `/auth/sessions/${other.id}`, {
            token: tokens.access_token,
          })
        ).status,
      ).toBe(204);
      expect((await sut.http.get('/auth/me', { token: phone.access_token })).status).toBe(401);
      expect(
        (await sut.http.post('/auth/refresh', { refresh_token: phone.refresh_token })).status,
      ).toBe(401);
      expect(
        (await sut.http.get('/auth/sessions', { token: tokens.access_token })).body,
      ).toHaveLength(1);
    });

    it('answers 404 for a session that is not the caller’s, 400 for a malformed id', async () => {
      const alice = await signedInUser(sut.http);
      const bob = await signedInUser(sut.http);
      const bobSession = (await sut.http.get('/auth/sessions', { token: bob.tokens.access_token }))
        .body[0].id;
      expect(
        (
          await sut.http.request('DELETE', `/auth/sessions/${bobSession}`, {
            token: alice.tokens.access_token,
          })
        ).status,
      ).toBe(404);
      expect((await sut.http.get('/auth/me', { token: bob.tokens.access_token })).status).toBe(200);
      expect(
        (
          await sut.http.request('DELETE', '/auth/sessions/not-a-uuid', {
            token: alice.tokens.access_token,
          })
        ).status,
      ).toBe(400);
    });
  });

  it('writes each mail as a whole RFC 5322 message with text and HTML alternatives', async () => {
    const { email } = await registerUser(sut.http);
    const { raw } = await waitForMail(outbox, email, /Confirm your email/);
    for (const header of [
      'From: Gatehouse <no-reply@gatehouse.local>',
      `To: ${email}`,
      'Subject: ',
      'Date: ',
      'Message-ID: <',
      'MIME-Version: 1.0',
    ]) {
      expect(raw).toContain(header);
    }
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(readdirSync(outbox).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
