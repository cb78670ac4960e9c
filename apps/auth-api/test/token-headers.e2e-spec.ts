import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedInUser } from './support/accounts';
import { databases } from './support/databases';
import {
  accessClaims,
  decode,
  generateTestKey,
  signWithHeader,
  type TestAlgorithm,
  type TestKey,
} from './support/jwt';
import { TEST_JWT_SECRET, useTestApp } from './support/test-app';

const ALGORITHMS: TestAlgorithm[] = ['HS256', 'RS256', 'ES256'];
const ATTACKER_KID = 'attacker-key-1';

/** The attacker's web server: their key set at every path, and a count of every request. */
function useAttackerServer(jwks: () => object) {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(jwks()));
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
  };
}

/** One change to the header each: where the key should come from, or which key it is. */
const FOREIGN_KEY_HEADERS: [string, (attacker: TestKey, server: string) => object][] = [
  ['jku pointing at the attacker’s key set', (_, server) => ({ jku: `${server}/jwks.json` })],
  ['x5u pointing at the attacker’s certificate', (_, server) => ({ x5u: `${server}/cert.pem` })],
  ['the attacker’s key embedded as jwk', (attacker) => ({ jwk: attacker.publicJwk })],
  ['a kid that is not ours', () => ({ kid: ATTACKER_KID })],
];

describe('access-token headers: keys come only from our configuration (ASVS 9.1.3, 9.2.1)', () => {
  const attackers = new Map(ALGORITHMS.map((a) => [a, generateTestKey(a)]));
  const server = useAttackerServer(() => ({
    keys: [...attackers.values()].map((key) => ({ ...key.publicJwk, kid: ATTACKER_KID })),
  }));

  describe.each(databases())('[%s]', (kind) => {
    describe.each(ALGORITHMS)('%s', (algorithm) => {
      const ours = generateTestKey(algorithm, TEST_JWT_SECRET);
      const attacker = attackers.get(algorithm) as TestKey;
      const { sut } = useTestApp(
        kind,
        algorithm === 'HS256'
          ? {}
          : {
              JWT_ALGORITHM: algorithm,
              JWT_PRIVATE_KEY: ours.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
            },
      );
      let claims: ReturnType<typeof accessClaims>;
      /** What our own tokens carry besides alg and typ: the kid for RS256/ES256, nothing for HS256. */
      let ourHeader: object;

      beforeAll(async () => {
        const account = await signedInUser(sut.http);
        const { header, payload } = decode(account.tokens.access_token);
        ourHeader = header.kid ? { kid: header.kid } : {};
        claims = accessClaims(account.user.id, payload['sid'] as string);
      });

      const me = (token: string) => sut.http.get('/auth/me', { token });
      const now = () => Math.floor(Date.now() / 1000);

      it('accepts our own key and header, with an nbf already passed (each refusal below changes one thing)', async () => {
        expect((await me(signWithHeader(claims, ours, ourHeader))).status).toBe(200);
        expect(
          (await me(signWithHeader({ ...claims, nbf: now() - 60 }, ours, ourHeader))).status,
        ).toBe(200);
      });

      it.each(FOREIGN_KEY_HEADERS)(
        'refuses %s, signed with the attacker’s key or with ours, and fetches nothing',
        async (_, change) => {
          const header = change(attacker, server.url());
          const byAttacker = await me(signWithHeader(claims, attacker, header));
          const byUs = await me(signWithHeader(claims, ours, { ...ourHeader, ...header }));
          expect(byAttacker.status).toBe(401);
          expect(byAttacker.body).toMatchObject({ code: 'UNAUTHENTICATED' });
          expect(byUs.status).toBe(401);
          expect(byUs.body).toMatchObject({ code: 'UNAUTHENTICATED' });
          expect(server.hits()).toBe(0);
        },
      );

      it('refuses a crit header, since it understands no extension (RFC 7515 §4.1.11)', async () => {
        const header = { ...ourHeader, crit: ['urn:example:bound'], 'urn:example:bound': true };
        expect((await me(signWithHeader(claims, ours, header))).status).toBe(401);
      });

      it('refuses a token that is not valid yet (nbf in the future)', async () => {
        const early = signWithHeader({ ...claims, nbf: now() + 600 }, ours, ourHeader);
        expect((await me(early)).status).toBe(401);
      });

      it('refuses a token without exp', async () => {
        const { exp: _, ...endless } = claims;
        expect((await me(signWithHeader(endless, ours, ourHeader))).status).toBe(401);
      });
    });
  });
});
