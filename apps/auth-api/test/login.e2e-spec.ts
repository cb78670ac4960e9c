import { hash } from 'argon2';
import { PasswordHasher } from '../src/app/password/password-hasher.service';
import { login, registerUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { at } from './support/at';
import { databases } from './support/databases';
import { decode } from './support/jwt';
import { useTestApp } from './support/test-app';

describe.each(databases())('POST /auth/login [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const { email } = await registerUser(sut.http);
    const wrong = await sut.http.post('/auth/login', { email, password: 'not the right one' });
    const unknown = await sut.http.post('/auth/login', {
      email: uniqueEmail('ghost'),
      password: 'not the right one',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { traceId: _a, ...wrongBody } = wrong.body;
    const { traceId: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'invalid email or password',
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('does the same argon2 work for an unknown email as for a wrong password (dummy hash)', async () => {
    const { email, user } = await registerUser(sut.http);
    const hasher = sut.app.get(PasswordHasher);
    const verify = jest.spyOn(hasher, 'verify');
    try {
      await sut.http.post('/auth/login', { email, password: 'not the right one' });
      await sut.http.post('/auth/login', {
        email: uniqueEmail('ghost'),
        password: 'not the right one',
      });
      // Both requests verified one hash each, with the same argon2id parameters.
      expect(verify).toHaveBeenCalledTimes(2);
      const [stored] = await sut.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = ?',
        [user.id],
      );
      const params = (hash: string) => hash.split('$').slice(1, 4).join('$');
      const [forKnown] = at(verify.mock.calls, 0);
      const [forUnknown] = at(verify.mock.calls, 1);
      expect(forKnown).toBe(stored?.password_hash);
      expect(params(forUnknown ?? '')).toBe(params(stored?.password_hash ?? 'none'));
    } finally {
      verify.mockRestore();
    }
  });

  it('refuses a deactivated account with 403, but only after the password is right', async () => {
    const { email, user } = await registerUser(sut.http);
    await sut.query('UPDATE users SET is_active = ? WHERE id = ?', [
      kind === 'postgres' ? false : 0,
      user.id,
    ]);
    expect(
      (await sut.http.post('/auth/login', { email, password: 'wrong password here' })).status,
    ).toBe(401);
    const response = await sut.http.post('/auth/login', { email, password: STRONG_PASSWORD });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'ACCOUNT_INACTIVE' });
  });

  it('validates the body', async () => {
    expect((await sut.http.post('/auth/login', { email: 'x@example.com' })).status).toBe(400);
    expect(
      (await sut.http.post('/auth/login', { email: 'x@example.com', password: '' })).status,
    ).toBe(400);
    expect(
      (await sut.http.post('/auth/login', { email: 'x@example.com', password: 'p', otp: 1 }))
        .status,
    ).toBe(400);
  });

  it('returns an RFC 6749 token response with a signed access token', async () => {
    const { email, user } = await registerUser(sut.http);
    const response = await sut.http.post('/auth/login', {
      email: ` ${email.toUpperCase()} `,
      password: STRONG_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 1800,
    });
    const { header, payload } = decode(response.body.access_token);
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: user.id,
      roles: ['user'],
      typ: 'access',
      iss: 'gatehouse',
      aud: 'gatehouse',
    });
    expect(payload.exp! - payload.iat!).toBe(1800);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores only the SHA-256 of the refresh token', async () => {
    const { email, user } = await registerUser(sut.http);
    const { refresh_token } = await login(sut.http, email);
    const rows = await sut.query<{ token_hash: string }>(
      'SELECT token_hash FROM refresh_tokens WHERE user_id = ?',
      [user.id],
    );
    const { createHash } = await import('node:crypto');
    expect(rows).toEqual([
      { token_hash: createHash('sha256').update(refresh_token).digest('hex') },
    ]);
  });

  it('upgrades a hash made with older argon2 parameters on the next successful login', async () => {
    const { email, user } = await registerUser(sut.http);
    const old = await hash(STRONG_PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await sut.query('UPDATE users SET password_hash = ? WHERE id = ?', [old, user.id]);
    await login(sut.http, email);
    const [row] = await sut.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = ?',
      [user.id],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=8192,p=1,t=1\$/);
    await login(sut.http, email); // and the upgraded hash still verifies
  });
});
