import type { SessionResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { type AuditRecord, AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { hashToken, newOpaqueToken } from './opaque-token';
import { type Device, deviceOf, type RotatedFamily, type StoredToken } from './session-records';
import { SessionRepository } from './session.repository';

export interface IssuedRefreshToken {
  refreshToken: string;
  sessionId: string;
  userId: string;
}

export interface RotatedRefreshToken extends IssuedRefreshToken {
  /** The user's state, when the rotation read it along the way (the common case). */
  user?: RotatedFamily['user'];
}

type Judgement =
  | { kind: 'rotated'; issued: IssuedRefreshToken }
  | { kind: 'invalid' }
  | { kind: 'reused'; userId: string; sessionId: string };

/**
 * A session is a family of refresh tokens born at login. Refreshing rotates: the presented
 * token is revoked and a successor issued (SessionRepository.rotateLive, in one step). A rotated
 * token presented again within the grace window (parallel tabs) gets a sibling successor; after
 * it, the reuse revokes the family.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly store: SessionRepository,
  ) {}

  /**
   * Opens a new session for a freshly authenticated user, and records the sign-in that opened
   * it (the event is told the session's id) in the same atomic write.
   */
  async start(
    userId: string,
    client: ClientContext,
    signIn: (sessionId: string) => AuditRecord,
  ): Promise<IssuedRefreshToken> {
    const now = new Date();
    const refreshToken = newOpaqueToken();
    const familyId = randomUUID();
    await this.store.start(
      {
        id: randomUUID(),
        tokenHash: hashToken(refreshToken),
        userId,
        familyId,
        expiresAt: this.idleExpiry(now),
        familyExpiresAt: new Date(
          now.getTime() + this.config.REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS * 1000,
        ),
        ...deviceOf(client),
      },
      this.audit.rowFor(signIn(familyId)),
      now,
    );
    return { refreshToken, sessionId: familyId, userId };
  }

  /** Exchanges a refresh token for its successor; INVALID_REFRESH_TOKEN or REFRESH_TOKEN_REUSED otherwise. */
  async rotate(presented: string, client: ClientContext): Promise<RotatedRefreshToken> {
    const tokenHash = hashToken(presented);
    const now = new Date();
    const device = deviceOf(client);
    const refreshToken = newOpaqueToken();
    const next = { id: randomUUID(), tokenHash: hashToken(refreshToken), ...device };
    const live = await this.store.rotateLive(
      tokenHash,
      { ...next, expiresAt: this.idleExpiry(now) },
      now,
    );
    if (live)
      return { refreshToken, sessionId: live.familyId, userId: live.userId, user: live.user };
    const outcome = await this.tx.run((m) => this.judge(m, tokenHash, now, device));
    if (outcome.kind === 'rotated') return outcome.issued;
    if (outcome.kind === 'reused') {
      this.logger.warn(
        `refresh token reuse detected: session ${outcome.sessionId} of user ${outcome.userId} revoked`,
      );
      this.metrics.refreshReuse.inc();
      await this.audit.record({
        type: AuditEventType.RefreshTokenReused,
        userId: outcome.userId,
        client,
        details: { sessionId: outcome.sessionId },
      });
      throw new DomainError(
        DomainErrorCode.RefreshTokenReused,
        'refresh token has already been used; the session is revoked',
      );
    }
    throw new DomainError(
      DomainErrorCode.InvalidRefreshToken,
      'refresh token is invalid or expired',
    );
  }

  /**
   * Ends the session the token belongs to; returns its owner, or null for an unknown token
   * (logout is idempotent and quiet about those).
   */
  endByToken(presented: string): Promise<{ userId: string; sessionId: string } | null> {
    return this.tx.run(async (m) => {
      const row = await this.store.findByHash(m, hashToken(presented));
      if (!row) return null;
      await this.store.lockUser(m, row.userId);
      await this.store.revoke(m, { familyId: row.familyId }, new Date());
      return { userId: row.userId, sessionId: row.familyId };
    });
  }

  async endSession(userId: string, sessionId: string): Promise<void> {
    await this.tx.run(async (m) => {
      await this.store.lockUser(m, userId);
      await this.store.revoke(m, { familyId: sessionId }, new Date());
    });
  }

  /** Ends one of the user's own sessions; NOT_FOUND for anyone else's (no probing by id). */
  async endOwnSession(userId: string, sessionId: string): Promise<void> {
    const ended = await this.tx.run(async (m) => {
      await this.store.lockUser(m, userId);
      return this.store.revoke(m, { familyId: sessionId, userId }, new Date());
    });
    if (ended === 0) throw new DomainError(DomainErrorCode.NotFound, 'no such session');
  }

  listFor(userId: string, currentSessionId: string | null): Promise<SessionResponse[]> {
    return this.tx.run((m) => this.listIn(m, userId, currentSessionId));
  }

  /** The user's live sessions, newest use first, inside the caller's transaction. */
  async listIn(
    m: EntityManager,
    userId: string,
    currentSessionId: string | null,
    now = new Date(),
  ): Promise<SessionResponse[]> {
    return (await this.store.listLive(m, userId, now)).map((session) => ({
      id: session.familyId,
      createdAt: session.startedAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      userAgent: session.userAgent,
      ip: session.ip,
      current: session.familyId === currentSessionId,
    }));
  }

  /** Revokes every live refresh token of the user, inside the caller's transaction. */
  async endAllFor(m: EntityManager, userId: string, now = new Date()): Promise<void> {
    await this.store.lockUser(m, userId);
    await this.store.revoke(m, { userId }, now);
  }

  /** Revokes the user's sessions except one (after a password change on that device). */
  async endOthersFor(
    m: EntityManager,
    userId: string,
    keepSessionId: string,
    now = new Date(),
  ): Promise<void> {
    await this.store.lockUser(m, userId);
    await this.store.revoke(m, { userId, exceptFamilyId: keepSessionId }, now);
  }

  /**
   * A token the one-step rotation did not take. Exclusive: it may issue a sibling or revoke the
   * family (reuse), so it runs alone among the user's refreshes and endings (see lockUser).
   */
  private async judge(
    m: EntityManager,
    tokenHash: string,
    now: Date,
    device: Device,
  ): Promise<Judgement> {
    await this.store.lockUserOfToken(m, tokenHash);
    const row = await this.store.findByHash(m, tokenHash);
    if (!row || row.expiresAt <= now || row.familyExpiresAt <= now) return { kind: 'invalid' };
    // Only a rotated token of a live session can be reused. One revoked without a successor
    // (logout, logout-all, an admin) or whose session has ended is simply no longer valid.
    if (!row.replacedBy || !(await this.store.isLive(m, row.familyId))) return { kind: 'invalid' };
    if (this.withinGrace(row, now)) {
      const refreshToken = newOpaqueToken();
      await this.store.insertSibling(m, row, {
        id: randomUUID(),
        tokenHash: hashToken(refreshToken),
        expiresAt: this.idleExpiry(now),
        ...device,
      });
      return {
        kind: 'rotated',
        issued: { refreshToken, sessionId: row.familyId, userId: row.userId },
      };
    }
    await this.store.revoke(m, { familyId: row.familyId }, now);
    return { kind: 'reused', userId: row.userId, sessionId: row.familyId };
  }

  /** A token rotated moments ago (parallel tabs) may be presented again; 0 s turns it off. */
  private withinGrace(row: StoredToken, now: Date): boolean {
    const graceMs = this.config.REFRESH_REUSE_GRACE_SECONDS * 1000;
    return (
      row.revokedAt !== null && now.getTime() - row.revokedAt.getTime() <= graceMs && graceMs > 0
    );
  }

  /** A new token's idle expiry; the repository caps it by its family's absolute one. */
  private idleExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }
}
