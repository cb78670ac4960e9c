import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { login, signedInUser, STRONG_PASSWORD } from './support/accounts';
import { at } from './support/at';
import { databases } from './support/databases';
import { accessClaims, decode, signHs256, unsignedToken } from './support/jwt';
import { useTestApp } from './support/test-app';

describe.each(databases())('GET /auth/me and access tokens [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  /** A fresh account's token claims, to be re-signed with one thing wrong. */
  const validClaims = async () => {
    const account = await signedInUser(sut.http);
    const { payload } = decode(account.tokens.access_token);
    return { account, claims: accessClaims(account.user.id, payload['sid'] as string) };
  };

  const meWith = (token: string) => sut.http.get('/auth/me', { token });

  it('refuses a request without a token, with WWW-Authenticate', async () => {
    const response = await sut.http.get('/auth/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'bearer-token'])(
    'refuses a malformed header: %s',
    async (authorization) => {
      const response = await sut.http.get('/auth/me', { headers: { authorization } });
      expect(response.status).toBe(401);
    },
  );

  it('refuses garbage in the token', async () => {
    expect((await meWith('not.a.jwt')).status).toBe(401);
    expect((await meWith('abc')).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { claims } = await validClaims();
    const response = await meWith(
      signHs256({ ...claims, iat: claims.iat - 3600, exp: claims.iat - 60 }),
    );
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/expired/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('refuses a tampered token (payload changed after signing)', async () => {
    const { account } = await validClaims();
    const [header, , signature] = account.tokens.access_token.split('.');
    const payload = { ...decode(account.tokens.access_token).payload, roles: ['admin'] };
    const forged = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    expect((await meWith(forged)).status).toBe(401);
  });

  it('refuses alg:none', async () => {
    const { claims } = await validClaims();
    expect((await meWith(unsignedToken(claims))).status).toBe(401);
  });

  it('refuses another algorithm, including RS256 signed with an attacker key', async () => {
    const { claims } = await validClaims();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await meWith(jwt.sign(claims, privateKey, { algorithm: 'RS256' }))).status).toBe(401);
    expect(
      (
        await meWith(
          jwt.sign(claims, 'e2e-secret-0123456789abcdef0123456789abcdef', { algorithm: 'HS512' }),
        )
      ).status,
    ).toBe(401);
  });

  it('refuses a token signed with another secret', async () => {
    const { claims } = await validClaims();
    expect(
      (await meWith(signHs256(claims, 'another-secret-0123456789abcdef0123456789'))).status,
    ).toBe(401);
  });

  it.each([
    ['a wrong issuer', { iss: 'evil' }],
    ['a wrong audience', { aud: 'other-service' }],
    ['a refresh-type token', { typ: 'refresh' }],
    ['no session id', { sid: undefined }],
    ['a non-uuid subject', { sub: "1' OR '1'='1" }],
  ])('refuses %s', async (_, change) => {
    const { claims } = await validClaims();
    expect((await meWith(signHs256({ ...claims, ...change }))).status).toBe(401);
  });

  it('answers the account behind a valid token', async () => {
    const { account } = await validClaims();
    const response = await meWith(account.tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: account.user.id,
      email: account.email,
      roles: ['user'],
      isActive: true,
    });
    expect(response.text).not.toMatch(/hash/i);
  });

  it('refuses the token once the user is deactivated', async () => {
    const { account } = await validClaims();
    await sut.query('UPDATE users SET is_active = ? WHERE id = ?', [
      kind === 'postgres' ? false : 0,
      account.user.id,
    ]);
    expect((await meWith(account.tokens.access_token)).status).toBe(401);
  });

  it('answers a burst of requests each with its own account, refusing the deactivated one', async () => {
    // Concurrent lookups share a query on PostgreSQL: no answer may take another's row.
    const deactivated = await signedInUser(sut.http);
    const accounts = [
      deactivated,
      ...(await Promise.all(Array.from({ length: 7 }, () => signedInUser(sut.http)))),
    ];
    await sut.query('UPDATE users SET is_active = ? WHERE id = ?', [
      kind === 'postgres' ? false : 0,
      deactivated.user.id,
    ]);
    const burst = [...accounts, ...accounts].map(async (account) => ({
      account,
      response: await meWith(account.tokens.access_token),
    }));
    for (const { account, response } of await Promise.all(burst)) {
      if (account === deactivated) {
        expect(response.status).toBe(401);
      } else {
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ id: account.user.id, email: account.email });
      }
    }
  });

  it('refuses the token once the user is deleted', async () => {
    const { account } = await validClaims();
    await sut.query('DELETE FROM users WHERE id = ?', [account.user.id]);
    expect((await meWith(account.tokens.access_token)).status).toBe(401);
    const { n } = at(
      await sut.query<{ n: number }>('SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?', [
        account.user.id,
      ]),
      0,
    );
    expect(Number(n)).toBe(0); // cascaded
  });

  it('refuses the tokens of every session after logout-all, yet a new login works at once', async () => {
    const { account } = await validClaims();
    const second = await login(sut.http, account.email);
    const out = await sut.http.post('/auth/logout-all', undefined, {
      token: account.tokens.access_token,
    });
    expect(out.status).toBe(204);
    expect((await meWith(account.tokens.access_token)).status).toBe(401);
    expect((await meWith(second.access_token)).status).toBe(401);
    expect(
      (await sut.http.post('/auth/refresh', { refresh_token: second.refresh_token })).status,
    ).toBe(401);
    const fresh = await login(sut.http, account.email, STRONG_PASSWORD);
    expect((await meWith(fresh.access_token)).status).toBe(200);
  });

  it('refuses an access token issued before tokens_valid_after even with a live session', async () => {
    const { account, claims } = await validClaims();
    await sut.query('UPDATE users SET tokens_valid_after = ? WHERE id = ?', [
      kind === 'postgres'
        ? new Date()
        : new Date().toISOString().replace('T', ' ').replace('Z', ''),
      account.user.id,
    ]);
    expect((await meWith(signHs256({ ...claims, iat: claims.iat - 5 }))).status).toBe(401);
  });

  it('logout-all needs a token', async () => {
    expect((await sut.http.post('/auth/logout-all')).status).toBe(401);
  });
});
