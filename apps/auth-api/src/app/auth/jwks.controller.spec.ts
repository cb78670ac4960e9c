import {
  type ControllerHarness,
  createControllerHarness,
} from '../../../test/support/controller-harness';
import { JwksController } from './jwks.controller';
import { AccessTokenService } from './tokens/access-token.service';

const JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', use: 'sig', alg: 'ES256' };

describe(JwksController.name, () => {
  it.each([
    ['an asymmetric key', JWK, { keys: [JWK] }],
    ['HS256 (no public key)', undefined, { keys: [] }],
  ])('publishes the keys for %s, to anyone', async (_, publicJwk, body) => {
    const sut: ControllerHarness = await createControllerHarness(JwksController, {
      providers: [{ provide: AccessTokenService, useValue: { keys: { publicJwk } } }],
    });
    try {
      const res = await sut.inject({
        method: 'GET',
        url: '/.well-known/jwks.json',
        as: 'anonymous',
      });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.body).toEqual(body);
    } finally {
      await sut.close();
    }
  });
});
