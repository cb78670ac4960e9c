import { signedInUser } from './support/accounts';
import { type ApiPair, PAIR_START_TIMEOUT_MS, startApiPair } from './support/api-pair';
import { burst, countStatuses } from './support/burst';
import { createTestDatabase, databases, type TestDatabase } from './support/databases';
import { addPasskey, passkeySignIn, signInOptions } from './support/passkeys';
import { SoftAuthenticator } from './support/soft-authenticator';
import { useTestApp } from './support/test-app';

describe.each(databases())('passkey races [%s]', (kind) => {
  const { sut } = useTestApp(kind);

  it('gives exactly one of ten synchronised sign-ins on one challenge a session', async () => {
    const { tokens } = await signedInUser(sut.http);
    const { auth } = await addPasskey(sut.http, tokens.access_token);
    const { flowId, options } = await signInOptions(sut.http);
    // Ten valid assertions over the same challenge, each with its own counter value.
    const responses = await burst(
      Array.from({ length: 10 }, () => ({
        baseUrl: sut.http.baseUrl,
        path: '/auth/passkeys/authentication',
        body: { flowId, response: auth.assert(options) },
      })),
    );
    expect(countStatuses(responses)).toEqual({ 200: 1, 401: 9 });
    const [sessions] = await sut.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM audit_events WHERE type = 'login.succeeded' AND details LIKE '%passkey%'",
    );
    expect(Number(sessions?.n)).toBeGreaterThanOrEqual(1);
  });

  it('lets exactly one of a parallel password removal and passkey removal through, leaving one method', async () => {
    for (let round = 0; round < 5; round++) {
      const { tokens } = await signedInUser(sut.http);
      const token = tokens.access_token;
      const { passkey } = await addPasskey(sut.http, token);
      const responses = await burst([
        { baseUrl: sut.http.baseUrl, method: 'DELETE', path: '/auth/me/password', token },
        {
          baseUrl: sut.http.baseUrl,
          method: 'DELETE',
          path: `/auth/passkeys/${passkey.id}`,
          token,
        },
      ]);
      expect(countStatuses(responses)).toEqual({ 204: 1, 409: 1 });
      const me = await sut.http.get('/auth/me', { token });
      const methods = me.body.signInMethods as { password: boolean; passkeys: number };
      expect(Number(methods.password) + methods.passkeys).toBe(1);
    }
  });
});

describe.each(databases().filter((kind) => kind === 'postgres'))(
  'passkey ceremonies across two auth-api processes [%s]',
  (kind) => {
    let db: TestDatabase;
    let pair: ApiPair;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      pair = await startApiPair(db.url, { RATE_LIMIT_GLOBAL_MAX: '100000' });
    }, PAIR_START_TIMEOUT_MS);
    afterAll(async () => {
      pair?.stop();
      await db?.drop();
    });

    it('finishes on one process the registration and sign-in that the other one started', async () => {
      const { tokens } = await signedInUser(pair.a);
      const token = tokens.access_token;
      const auth = new SoftAuthenticator();
      const start = await pair.a.post('/auth/passkeys/registration/options', undefined, { token });
      const added = await pair.b.post(
        '/auth/passkeys',
        { flowId: start.body.flowId, response: auth.register(start.body.options) },
        { token },
      );
      expect(added.status).toBe(201);
      const { flowId, options } = await signInOptions(pair.b);
      const body = { flowId, response: auth.assert(options) };
      expect((await pair.a.post('/auth/passkeys/authentication', body)).status).toBe(200);
      // used up for both processes
      expect((await pair.b.post('/auth/passkeys/authentication', body)).status).toBe(401);
      expect((await passkeySignIn(pair.b, auth)).status).toBe(200);
    });
  },
);
