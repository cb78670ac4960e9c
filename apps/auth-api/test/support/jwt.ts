import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
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
