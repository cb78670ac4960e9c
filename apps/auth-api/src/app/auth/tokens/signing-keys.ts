import { loadOrCreateDevSecret } from '@gatehouse/env-config';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AppConfig, JwtAlgorithm } from '../../../config/app-config';

/** Keys are turned into KeyObjects once: jsonwebtoken re-parses string keys on every call. */
export interface SigningKeys {
  algorithm: JwtAlgorithm;
  signingKey: KeyObject;
  verificationKey: KeyObject;
  keyId?: string;
  /** The public key as published at /.well-known/jwks.json (none for HS256). */
  publicJwk?: JsonWebKey;
}

const readPem = (value: string) =>
  value.trimStart().startsWith('-----BEGIN')
    ? value.replace(/\\n/g, '\n')
    : readFileSync(value, 'utf8');

/** RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['e', 'kty', 'n'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function assertKeyFits(algorithm: JwtAlgorithm, key: KeyObject): void {
  const details = key.asymmetricKeyDetails;
  if (
    algorithm === JwtAlgorithm.RS256 &&
    (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048)
  ) {
    throw new Error('JWT_PRIVATE_KEY must be an RSA key of at least 2048 bits for RS256');
  }
  if (
    algorithm === JwtAlgorithm.ES256 &&
    (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1')
  ) {
    throw new Error('JWT_PRIVATE_KEY must be an EC P-256 key for ES256');
  }
}

function assertPair(privateKey: KeyObject, publicKey: KeyObject): void {
  const probe = Buffer.from('gatehouse-key-check');
  if (!verify('sha256', probe, publicKey, sign('sha256', probe, privateKey))) {
    throw new Error('JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY');
  }
}

export function loadSigningKeys(config: AppConfig): SigningKeys {
  const algorithm = config.JWT_ALGORITHM;
  if (algorithm === JwtAlgorithm.HS256) {
    const secret = config.JWT_SECRET
      ? Buffer.from(config.JWT_SECRET, 'utf8')
      : loadOrCreateDevSecret(config.DATA_DIR, 'jwt-secret');
    const key = createSecretKey(secret);
    return { algorithm, signingKey: key, verificationKey: key };
  }
  const privateKey = createPrivateKey(readPem(config.JWT_PRIVATE_KEY ?? ''));
  assertKeyFits(algorithm, privateKey);
  const publicKey = config.JWT_PUBLIC_KEY
    ? createPublicKey(readPem(config.JWT_PUBLIC_KEY))
    : createPublicKey(privateKey);
  assertPair(privateKey, publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const keyId = config.JWT_KEY_ID ?? jwkThumbprint(jwk);
  return {
    algorithm,
    signingKey: privateKey,
    verificationKey: publicKey,
    keyId,
    publicJwk: { ...jwk, kid: keyId, use: 'sig', alg: algorithm },
  };
}
