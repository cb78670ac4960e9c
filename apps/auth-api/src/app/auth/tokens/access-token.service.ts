import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { RefusedTokenError } from './refused-token.error';
import { loadSigningKeys, type SigningKeys } from './signing-keys';

export interface AccessTokenClaims {
  sub: string;
  /** The session (refresh-token family) the token belongs to. */
  sid: string;
  roles: string[];
  iat: number;
  exp: number;
  jti: string;
}

export interface AccessTokenInput {
  userId: string;
  sessionId: string;
  roles: string[];
}

const TOKEN_TYPE = 'access';
/** Verified tokens remembered (a client sends the same token for many requests). */
const VERIFIED_CACHE_SIZE = 4096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The header members sign() writes. */
const OWN_HEADER_MEMBERS = new Set(['alg', 'typ', 'kid']);

const invalid = () => new RefusedTokenError('invalid_token', 'access token is invalid');

/** Signs and verifies access tokens: one algorithm, fixed issuer and audience, typed claims. */
@Injectable()
export class AccessTokenService {
  readonly keys: SigningKeys;
  readonly ttlSeconds: number;
  private readonly issuer: string;
  private readonly audience: string;
  /**
   * Signature checks cost more than the rest of the guard's own work; a token's claims never
   * change, so a verified token string is remembered until it expires. Revocation is unaffected:
   * the guard reads the user and the session on every request.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(config: AppConfig) {
    this.keys = loadSigningKeys(config);
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
    this.issuer = config.JWT_ISSUER;
    this.audience = config.JWT_AUDIENCE;
  }

  sign(input: AccessTokenInput): string {
    return jwt.sign(
      { sub: input.userId, sid: input.sessionId, roles: input.roles, typ: TOKEN_TYPE },
      this.keys.signingKey,
      {
        algorithm: this.keys.algorithm,
        expiresIn: this.ttlSeconds,
        issuer: this.issuer,
        audience: this.audience,
        jwtid: randomUUID(),
        ...(this.keys.keyId ? { keyid: this.keys.keyId } : {}),
      },
    );
  }

  /** The claims of a valid access token; throws RefusedTokenError (UNAUTHENTICATED) otherwise. */
  verify(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
    }
    const claims = this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, claims);
    return claims;
  }

  private verifySignature(token: string): AccessTokenClaims {
    let verified: jwt.Jwt;
    try {
      verified = jwt.verify(token, this.keys.verificationKey, {
        algorithms: [this.keys.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        clockTolerance: 5,
        complete: true,
      });
    } catch (error) {
      if (!(error instanceof jwt.TokenExpiredError)) throw invalid();
      // jsonwebtoken checks the signature before the expiry: the subject is genuine.
      throw new RefusedTokenError('expired_token', 'access token has expired', subjectOf(token));
    }
    if (!this.isOwnHeader(verified.header) || !isAccessClaims(verified.payload)) throw invalid();
    return verified.payload;
  }

  /**
   * The header must be exactly what sign() writes: alg, typ JWT and our kid (none for HS256).
   * Keys come only from our configuration, never from the token (jku, x5u, jwk, x5c), and no
   * extension is understood (crit): any other member means the token is not one of ours.
   */
  private isOwnHeader(header: jwt.JwtHeader): boolean {
    return (
      Object.keys(header).every((member) => OWN_HEADER_MEMBERS.has(member)) &&
      header.typ === 'JWT' &&
      header.kid === this.keys.keyId
    );
  }
}

function subjectOf(token: string): string | undefined {
  const payload = jwt.decode(token, { json: true });
  return typeof payload?.sub === 'string' && UUID.test(payload.sub) ? payload.sub : undefined;
}

function isAccessClaims(
  payload: string | jwt.JwtPayload,
): payload is AccessTokenClaims & jwt.JwtPayload {
  return (
    typeof payload === 'object' &&
    payload['typ'] === TOKEN_TYPE &&
    typeof payload.sub === 'string' &&
    UUID.test(payload.sub) &&
    typeof payload['sid'] === 'string' &&
    UUID.test(payload['sid']) &&
    typeof payload.iat === 'number' &&
    typeof payload.exp === 'number' &&
    Array.isArray(payload['roles'])
  );
}
