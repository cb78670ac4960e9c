import jwt from 'jsonwebtoken';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInUser } from './support/accounts';
import { createTestDatabase, type TestDatabase } from './support/databases';
import { accessClaims, decode, signHs256 } from './support/jwt';
import { type RunningApp, startApp } from './support/test-app';

const pem = (key: { export(o: object): string | Buffer }, type: 'pkcs8' | 'spki') =>
  key.export({ format: 'pem', type }).toString();

describe('JWKS and asymmetric access tokens [sqlite]', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase('sqlite')));
  afterAll(() => db.drop());

  it('publishes no key for HS256', async () => {
    const sut = await startApp(db);
    try {
      const response = await sut.http.get('/.well-known/jwks.json');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ keys: [] });
    } finally {
      await sut.close();
    }
  });

  describe.each([
    ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), 'RSA'],
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), 'EC'],
  ] as const)('%s', (algorithm, generate, kty) => {
    let sut: RunningApp;
    const { privateKey, publicKey } = generate();

    beforeAll(async () => {
      // The private key from a file, as in production with a mounted secret.
      const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-key-')), 'jwt.pem');
      writeFileSync(file, pem(privateKey, 'pkcs8'));
      sut = await startApp(db, {
        JWT_ALGORITHM: algorithm,
        JWT_PRIVATE_KEY: file,
        DATABASE_MIGRATE: 'true',
      });
    });
    afterAll(() => sut.close());

    it('publishes the public key with a kid, and signs tokens that it verifies', async () => {
      const jwks = (await sut.http.get('/.well-known/jwks.json')).body as {
        keys: Record<string, string>[];
      };
      expect(jwks.keys).toHaveLength(1);
      const [jwk] = jwks.keys;
      expect(jwk).toMatchObject({
        kty,
        alg: algorithm,
        use: 'sig',
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(jwk).not.toHaveProperty('d'); // never the private part

      const { tokens } = await signedInUser(sut.http);
      const { header } = decode(tokens.access_token);
      expect(header).toMatchObject({ alg: algorithm, kid: jwk?.['kid'] });
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      expect(() => jwt.verify(tokens.access_token, key, { algorithms: [algorithm] })).not.toThrow();
      expect((await sut.http.get('/auth/me', { token: tokens.access_token })).status).toBe(200);
    });

    it('refuses an HS256 token signed with the public key (key confusion)', async () => {
      const { user, tokens } = await signedInUser(sut.http);
      const claims = accessClaims(user.id, decode(tokens.access_token).payload['sid'] as string);
      const forged = signHs256(claims, pem(publicKey, 'spki'));
      expect((await sut.http.get('/auth/me', { token: forged })).status).toBe(401);
    });
  });

  it('refuses to start with a key that does not fit the algorithm', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await expect(
      startApp(db, { JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: pem(privateKey, 'pkcs8') }),
    ).rejects.toThrow(/RSA key/);
  });
});
