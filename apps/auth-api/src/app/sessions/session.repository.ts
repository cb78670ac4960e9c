import type { EntityManager } from 'typeorm';
import type { AuditRow } from '../audit/audit.service';
import type {
  FirstToken,
  LiveSession,
  RotatedFamily,
  StoredToken,
  Successor,
} from './session-records';

/**
 * Every statement on sessions and refresh tokens, behind one interface: SessionsService calls
 * it, and so do ReauthService (a session's sign-in time) and HousekeepingService (the purge of
 * dead sessions). SqlSessionRepository implements it; the unit specs use an in-memory one.
 * The rules (grace, reuse, who may end what) stay in the service; the repository keeps the
 * storage invariants: a token's expiry never passes its family's, and a session's tokens are
 * issued and ended under its user's lock. One read stays outside: the liveness subquery of the
 * per-request principal lookup (users/principal.repository.ts says why).
 *
 * Methods taking `m` run in the caller's transaction; the two hot paths run on their own.
 */
export abstract class SessionRepository {
  /** Writes a session's first token with the audit event of the sign-in, atomically. */
  abstract start(token: FirstToken, signIn: AuditRow, now: Date): Promise<void>;

  /**
   * Claims a live token, inserts its successor and reads the holder, atomically. Null when the
   * token is not live (unknown, expired, already rotated or revoked), or when a concurrent
   * claim of the same token took it: the service then judges it with the methods below.
   */
  abstract rotateLive(tokenHash: string, next: Successor, now: Date): Promise<RotatedFamily | null>;

  /** Takes the user's session lock (PostgreSQL; SQLite writes one at a time anyway). */
  abstract lockUser(m: EntityManager, userId: string): Promise<void>;

  /** The same lock, for the user of a presented token (none for an unknown token). */
  abstract lockUserOfToken(m: EntityManager, tokenHash: string): Promise<void>;

  abstract findByHash(m: EntityManager, tokenHash: string): Promise<StoredToken | null>;

  /** True while the family has an unrevoked token. */
  abstract isLive(m: EntityManager, familyId: string): Promise<boolean>;

  /** Inserts another token into the token's family (a grace sibling). */
  abstract insertSibling(m: EntityManager, family: StoredToken, next: Successor): Promise<void>;

  /**
   * Revokes the unrevoked tokens of a user's family, of all the user's families, or of all but
   * one; returns how many.
   */
  abstract revoke(m: EntityManager, scope: RevokeScope, now: Date): Promise<number>;

  /** The user's live sessions, newest use first. */
  abstract listLive(m: EntityManager, userId: string, now: Date): Promise<LiveSession[]>;

  /** When the user's session signed in: its first token's creation; null for no such session. */
  abstract signedInAt(m: EntityManager, familyId: string, userId: string): Promise<Date | null>;

  /**
   * Deletes every token of the sessions dead since before `before` (no token both unrevoked and
   * unexpired then, none revoked after it), then the re-authentication times of the sessions
   * left without a token; returns how many of each.
   */
  abstract purgeDead(m: EntityManager, before: Date): Promise<PurgedSessions>;
}

export interface PurgedSessions {
  refreshTokens: number;
  sessionAuthTimes: number;
}

export type RevokeScope =
  | { familyId: string; userId?: string }
  | { userId: string; exceptFamilyId?: string };
