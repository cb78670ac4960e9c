import { createHash } from 'node:crypto';
import { fromSqlDate } from '../src/database/sql-dates';
import { registerUser, signedInUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { at } from './support/at';
import { databases } from './support/databases';
import { userWithMfa } from './support/mfa';
import { tokenFrom, waitForMail } from './support/outbox';
import { sqlTime } from './support/sql-time';
import { useTestApp } from './support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * One-time tokens (links and sign-in steps): each kind's lifetime as the README states it,
 * single use, and a newer one of a kind superseding the earlier.
 */
describe.each(databases())('one-time tokens [%s]', (kind) => {
  const { sut } = useTestApp(kind, { REQUIRE_ADMIN_MFA: 'true' });
  const outbox = () => sut.config.MAIL_OUTBOX_DIR ?? '';

  /** The live token row of a purpose, and when it expires. */
  const liveToken = async (userId: string, purpose: string) => {
    const rows = await sut.query<{ token_hash: string; expires_at: unknown }>(
      'SELECT token_hash, expires_at FROM action_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL',
      [userId, purpose],
    );
    expect(rows).toHaveLength(1);
    const row = at(rows, 0);
    return { tokenHash: row.token_hash, expiresAt: fromSqlDate(row.expires_at)!.getTime() };
  };

  /** Runs `issue` (which answers the user's id) and checks its token lives `lifetime` from then. */
  const expectLifetime = async (
    purpose: string,
    lifetime: number,
    issue: () => Promise<string>,
  ) => {
    const before = Date.now();
    const userId = await issue();
    const after = Date.now();
    const { expiresAt } = await liveToken(userId, purpose);
    // Timestamps may be stored to the second: allow that much on either side.
    expect(expiresAt).toBeGreaterThanOrEqual(before + lifetime - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + lifetime + 1000);
  };
  const loginStep = (email: string) =>
    sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
  const promote = (userId: string) =>
    sut.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [userId],
    );

  it('gives each kind its lifetime: verification 24 h, reset 1 h, email change 1 h, 2FA step 5 min, enrolment 15 min', async () => {
    await expectLifetime(
      'verify_email',
      24 * HOUR,
      async () => (await registerUser(sut.http)).user.id,
    );
    const { email, user } = await registerUser(sut.http);
    await expectLifetime('reset_password', HOUR, async () => {
      expect((await sut.http.post('/auth/forgot-password', { email })).status).toBe(202);
      await waitForMail(outbox(), email, /Reset/);
      return user.id;
    });
    await expectLifetime('change_email', HOUR, async () => {
      const signedIn = await signedInUser(sut.http);
      const asked = await sut.http.post(
        '/auth/change-email',
        { newEmail: uniqueEmail('moved') },
        { token: signedIn.tokens.access_token },
      );
      expect(asked.status).toBe(202);
      return signedIn.user.id;
    });
    const withMfa = await userWithMfa(sut.http);
    await expectLifetime('mfa_login', 5 * MINUTE, async () => {
      expect((await loginStep(withMfa.email)).body).toMatchObject({ mfa_required: true });
      return withMfa.user.id;
    });
    const admin = await registerUser(sut.http);
    await promote(admin.user.id);
    await expectLifetime('mfa_enrollment', 15 * MINUTE, async () => {
      expect((await loginStep(admin.email)).body).toMatchObject({ mfa_enrollment_required: true });
      return admin.user.id;
    });
  });

  it('issues a 256-bit enrolment token (43 base64url characters) stored only as its SHA-256', async () => {
    const admin = await registerUser(sut.http);
    await promote(admin.user.id);
    const step = await loginStep(admin.email);
    const token = step.body.enrollment_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const { tokenHash } = await liveToken(admin.user.id, 'mfa_enrollment');
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('uses a 2FA step token once, and a newer step supersedes the earlier one', async () => {
    const { email, recoveryCodes } = await userWithMfa(sut.http);
    const step = async () => (await loginStep(email)).body.mfa_token as string;
    const second = (mfaToken: string, code: string) =>
      sut.http.post('/auth/login/mfa', { mfa_token: mfaToken, code });

    const once = await step();
    expect((await second(once, at(recoveryCodes, 0))).status).toBe(200);
    // A right, unused code on the spent step token: refused, and the code is not spent.
    const spent = await second(once, at(recoveryCodes, 1));
    expect(spent.status).toBe(401);
    expect(spent.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const earlier = await step();
    const later = await step();
    expect((await second(earlier, at(recoveryCodes, 1))).status).toBe(401);
    expect((await second(later, at(recoveryCodes, 1))).status).toBe(200);
  });

  describe('email change links', () => {
    const ask = (token: string, newEmail: string) =>
      sut.http.post('/auth/change-email', { newEmail }, { token });

    it('a newer request supersedes the earlier link, and a link past its hour is refused', async () => {
      const { tokens, user } = await signedInUser(sut.http);
      const [first, second] = [uniqueEmail('first'), uniqueEmail('second')];
      expect((await ask(tokens.access_token, first)).status).toBe(202);
      const firstLink = tokenFrom(
        await waitForMail(outbox(), first, /Confirm your new email/),
        '/confirm-email-change',
      );
      expect((await ask(tokens.access_token, second)).status).toBe(202);
      const secondLink = tokenFrom(
        await waitForMail(outbox(), second, /Confirm your new email/),
        '/confirm-email-change',
      );
      const superseded = await sut.http.post('/auth/confirm-email-change', { token: firstLink });
      expect(superseded.status).toBe(400);
      expect(superseded.body).toMatchObject({ code: 'INVALID_TOKEN' });

      await sut.query(
        "UPDATE action_tokens SET expires_at = ? WHERE user_id = ? AND purpose = 'change_email' AND used_at IS NULL",
        [sqlTime(kind, new Date(Date.now() - 1000)), user.id],
      );
      const expired = await sut.http.post('/auth/confirm-email-change', { token: secondLink });
      expect(expired.status).toBe(400);
      expect(expired.body).toMatchObject({ code: 'INVALID_TOKEN' });
      const me = await sut.http.post('/auth/login', { email: second, password: STRONG_PASSWORD });
      expect(me.status).toBe(401); // the address never changed
    });

    it.each([
      ['a zero-width space', 'new\u200bname@example.com'],
      ['a right-to-left mark', 'new\u200fname@example.com'],
      ['a soft hyphen', 'new\u00adname@example.com'],
      ['a no-break space', 'new\u00a0name@example.com'],
      ['a control character', 'new\u0007name@example.com'],
    ])('refuses a new address with %s (400), and issues no link', async (_, newEmail) => {
      const { tokens, user } = await signedInUser(sut.http);
      const refused = await ask(tokens.access_token, newEmail);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('invisible or control characters');
      const issued = await sut.query(
        "SELECT id FROM action_tokens WHERE user_id = ? AND purpose = 'change_email'",
        [user.id],
      );
      expect(issued).toEqual([]);
    });
  });
});
