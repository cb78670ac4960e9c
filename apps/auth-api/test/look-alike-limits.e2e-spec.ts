import { registerUser } from './support/accounts';
import { databases } from './support/databases';
import { useTestApp } from './support/test-app';

/** The same letters in Unicode's full-width forms (ａｄａ), which NFKC folds back. */
const fullWidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A look-alike address reaches the same account, so it must count against the same limits. */
describe.each(databases())('per-email limits across look-alike addresses [%s]', (kind) => {
  const { sut } = useTestApp(kind, {
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_LOGIN_MAX: '2',
    RATE_LIMIT_EMAIL_MAX: '1',
  });

  const lookAlike = (email: string) => {
    const [local = '', domain = ''] = email.split('@');
    return `${fullWidth(local)}@${domain}`;
  };

  it('counts failed logins of look-alike addresses together', async () => {
    const { email } = await registerUser(sut.http);
    for (let i = 0; i < 2; i++)
      expect(
        (await sut.http.post('/auth/login', { email, password: 'not the password' })).status,
      ).toBe(401);
    const again = await sut.http.post('/auth/login', {
      email: lookAlike(email),
      password: 'not the password',
    });
    expect(again.status).toBe(429);
  });

  it('caps the reset mails of look-alike addresses together, silently', async () => {
    const { email, user } = await registerUser(sut.http);
    const first = await sut.http.post('/auth/forgot-password', { email });
    const again = await sut.http.post('/auth/forgot-password', { email: lookAlike(email) });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.text).toBe(first.text);
    // The work runs after the answer; its audit events say which requests were mailed.
    const requested = () =>
      sut.query<{ details: string }>(
        "SELECT details FROM audit_events WHERE type = 'password_reset.requested' AND user_id = ?",
        [user.id],
      );
    for (let i = 0; i < 200 && (await requested()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    const mailed = (await requested()).map(
      (r) => (JSON.parse(r.details) as { mailed: boolean }).mailed,
    );
    expect(mailed.sort()).toEqual([false, true]);
  });
});
