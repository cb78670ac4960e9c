import type { ClientContext } from '../../common/http/client-context';
import { rolesOf, sqlBoolean } from '../../database/sql-values';

/** The device a token was issued to, cut to its columns' lengths (refresh-token.entity.ts). */
export interface Device {
  userAgent: string | null;
  ip: string | null;
}

export const deviceOf = (client: ClientContext): Device => ({
  userAgent: client.userAgent?.slice(0, 512) ?? null,
  ip: client.ip?.slice(0, 64) ?? null,
});

/** A new session's first refresh token. */
export interface FirstToken extends Device {
  id: string;
  tokenHash: string;
  userId: string;
  familyId: string;
  /** Idle expiry; the repository caps it by familyExpiresAt. */
  expiresAt: Date;
  familyExpiresAt: Date;
}

/** The successor (or grace sibling) of a rotated token; its family comes from the token. */
export interface Successor extends Device {
  id: string;
  tokenHash: string;
  /** Idle expiry; the repository caps it by the family's absolute expiry. */
  expiresAt: Date;
}

/** A stored refresh token, as the rotation rules judge it. */
export interface StoredToken {
  userId: string;
  familyId: string;
  expiresAt: Date;
  familyExpiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
}

/** The session a token was rotated in, and what the new access token needs of its user. */
export interface RotatedFamily {
  userId: string;
  familyId: string;
  user: { isActive: boolean; roles: string[] };
}

/** A live session: its newest live token and its first token's creation (the sign-in). */
export interface LiveSession extends Device {
  familyId: string;
  startedAt: Date;
  lastUsedAt: Date;
}

/** A token never outlives its session: the rule every insert applies (LEAST in SQL on PostgreSQL's batched rotation). */
export const cappedByFamily = (expiresAt: Date, familyExpiresAt: Date): Date =>
  expiresAt < familyExpiresAt ? expiresAt : familyExpiresAt;

/** What a rotation reads of the token's user: one row per role (or one with a null role). */
export interface HolderRow {
  is_active: unknown;
  role: string | null;
}

/** The refreshed access token's user: active, and the roles held now. */
export function holderOf(rows: HolderRow[]): RotatedFamily['user'] {
  return {
    isActive: rows.length > 0 && sqlBoolean(rows[0]?.is_active),
    roles: rolesOf(rows),
  };
}
