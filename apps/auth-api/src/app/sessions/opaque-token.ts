import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe: 43 characters. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256: a leaked table yields nothing usable. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');
