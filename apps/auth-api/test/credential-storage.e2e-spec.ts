import { login, registerUser, STRONG_PASSWORD } from './support/accounts';
import { databases } from './support/databases';
import { userWithMfa } from './support/mfa';
import { sqlTime } from './support/sql-time';
import { useTestApp } from './support/test-app';

// How passwords and recovery codes are kept and compared (ASVS 6.2.8, 6.2.10, 6.5.2, 11.4.2).
describe.each(databases())('stored credentials [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  it('compares a long password in full: one differing only in its last character is refused', async () => {
    const password = `${'long and quite memorable passphrase '.repeat(3)}!`.slice(0, 100) + 'x';
    const { email } = await registerUser(sut.http, { password });
    expect(password.length).toBeGreaterThan(64);
    const near = `${password.slice(0, -1)}y`;
    expect((await sut.http.post('/auth/login', { email, password: near })).status).toBe(401);
    expect((await sut.http.post('/auth/login', { email, password })).status).toBe(200);
  });

  it('still signs in with a password set a year ago: no forced rotation', async () => {
    const { email, user } = await registerUser(sut.http);
    const yearAgo = sqlTime(kind, new Date(Date.now() - 366 * 24 * 3600 * 1000));
    await sut.query('UPDATE users SET created_at = ?, updated_at = ? WHERE id = ?', [
      yearAgo,
      yearAgo,
      user.id,
    ]);
    const tokens = await login(sut.http, email, STRONG_PASSWORD);
    const me = await sut.http.get('/auth/me', { token: tokens.access_token });
    expect(me.status).toBe(200);
  });

  it('stores each recovery code as its own salted argon2id hash, never the code', async () => {
    const { user, recoveryCodes } = await userWithMfa(sut.http);
    const rows = await sut.query<{ code_hash: string }>(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?',
      [user.id],
    );
    expect(rows).toHaveLength(10);
    const stored = rows.map((r) => r.code_hash);
    for (const hash of stored) expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,p=\d+,t=\d+\$/);
    // PHC format: $argon2id$v$params$salt$hash — ten codes, ten different salts.
    expect(new Set(stored.map((h) => h.split('$')[4])).size).toBe(10);
    const everything = JSON.stringify(stored);
    for (const code of recoveryCodes) expect(everything).not.toContain(code.replace('-', ''));
  });
});
