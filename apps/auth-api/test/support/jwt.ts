import jwt from 'jsonwebtoken';
import {
  createSecretKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { TEST_JWT_SECRET } from './test-app';

/** Claims of a well-formed access token for the test app, ready to be bent by a test. */
export function accessClaims(
  userId: string,
  sessionId: string,
  extra: Record<string, unknown> = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userId,
    sid: sessionId,
    roles: ['user'],
    typ: 'access',
    iss: 'gatehouse',
    aud: 'gatehouse',
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    ...extra,
  };
}

export const signHs256 = (claims: object, secret: string = TEST_JWT_SECRET) =>
  jwt.sign(claims, secret, { algorithm: 'HS256' });

/** A token whose header says `alg: none` and which carries no signature. */
export function unsignedToken(claims: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

export function decode(token: string): { header: jwt.JwtHeader; payload: jwt.JwtPayload } {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string')
    throw new Error('not a JWT with a JSON payload');
  return { header: decoded.header, payload: decoded.payload };
}

export type TestAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** A signing key for an algorithm and its public half as a JWK (the secret itself for HS256). */
export interface TestKey {
  algorithm: TestAlgorithm;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

/** A fresh key for the algorithm: the attacker's own, or the app's when configured with it. */
export function generateTestKey(algorithm: TestAlgorithm, secret?: string): TestKey {
  if (algorithm === 'HS256') {
    const key = createSecretKey(secret ? Buffer.from(secret, 'utf8') : randomBytes(32));
    return { algorithm, privateKey: key, publicJwk: key.export({ format: 'jwk' }) };
  }
  const { privateKey, publicKey } =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { algorithm, privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

/** Signs claims with the key, the header carrying exactly `typ`, `alg` and the given members. */
export const signWithHeader = (claims: object, key: TestKey, header: object = {}) =>
  jwt.sign(claims, key.privateKey, {
    algorithm: key.algorithm,
    header: { alg: key.algorithm, typ: 'JWT', ...header },
  });
