import type { SessionResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager, IsNull, Not } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { insertRow } from '../../database/insert-row';
import { TransactionService } from '../../database/transaction.service';
import { type AuditRecord, AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { LiveTokenRotation, type RotatedFamily } from './live-token-rotation';
import { hashToken, newOpaqueToken } from './opaque-token';
import { RefreshTokenEntity } from './refresh-token.entity';
import { lockSessionsOf, lockSessionsOfToken } from './session-lock';
import { SessionStart } from './session-start';
import { listLiveSessions } from './sessions-query';

export interface IssuedRefreshToken {
  refreshToken: string;
  sessionId: string;
  userId: string;
}

export interface RotatedRefreshToken extends IssuedRefreshToken {
  /** The user's state, when the rotation read it along the way (the common case). */
  user?: RotatedFamily['user'];
}

type Rotation =
  | { kind: 'rotated'; issued: IssuedRefreshToken }
  | { kind: 'invalid' }
  | { kind: 'reused'; userId: string; sessionId: string };

/**
 * A session is a family of refresh tokens born at login. Refreshing rotates: the presented
 * token is revoked and a successor issued (LiveTokenRotation does the common case in one
 * step). A rotated token presented again within the grace window (parallel tabs) gets a
 * sibling successor; after it, the reuse revokes the family.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly liveRotation: LiveTokenRotation,
    private readonly sessionStart: SessionStart,
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
    const familyExpiresAt = new Date(
      now.getTime() + this.config.REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS * 1000,
    );
    const refreshToken = newOpaqueToken();
    const familyId = randomUUID();
    await this.sessionStart.write(
      {
        id: randomUUID(),
        tokenHash: hashToken(refreshToken),
        userId,
        familyId,
        expiresAt: this.idleExpiry(now, familyExpiresAt),
        familyExpiresAt,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip?.slice(0, 64) ?? null,
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
    const refreshToken = newOpaqueToken();
    const live = await this.liveRotation.rotate(
      tokenHash,
      {
        id: randomUUID(),
        tokenHash: hashToken(refreshToken),
        expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip?.slice(0, 64) ?? null,
      },
      now,
    );
    if (live)
      return { refreshToken, sessionId: live.familyId, userId: live.userId, user: live.user };
    const outcome = await this.tx.run((m) => this.rotateIn(m, tokenHash, now, client));
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
      const row = await m.findOneBy(RefreshTokenEntity, { tokenHash: hashToken(presented) });
      if (!row) return null;
      await lockSessionsOf(m, row.userId);
      await this.revokeFamily(m, row.familyId, new Date());
      return { userId: row.userId, sessionId: row.familyId };
    });
  }

  async endSession(userId: string, sessionId: string): Promise<void> {
    await this.tx.run(async (m) => {
      await lockSessionsOf(m, userId);
      await this.revokeFamily(m, sessionId, new Date());
    });
  }

  /** Ends one of the user's own sessions; NOT_FOUND for anyone else's (no probing by id). */
  async endOwnSession(userId: string, sessionId: string): Promise<void> {
    const ended = await this.tx.run(async (m) => {
      await lockSessionsOf(m, userId);
      const result = await m.update(
        RefreshTokenEntity,
        { userId, familyId: sessionId, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      return (result.affected ?? 0) > 0;
    });
    if (!ended) throw new DomainError(DomainErrorCode.NotFound, 'no such session');
  }

  listFor(userId: string, currentSessionId: string | null): Promise<SessionResponse[]> {
    return this.tx.run((m) => listLiveSessions(m, userId, currentSessionId));
  }

  /** Revokes every live refresh token of the user, inside the caller's transaction. */
  async endAllFor(m: EntityManager, userId: string, now = new Date()): Promise<void> {
    await lockSessionsOf(m, userId);
    await m.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: now });
  }

  /** Revokes the user's sessions except one (after a password change on that device). */
  async endOthersFor(
    m: EntityManager,
    userId: string,
    keepSessionId: string,
    now = new Date(),
  ): Promise<void> {
    await lockSessionsOf(m, userId);
    await m.update(
      RefreshTokenEntity,
      { userId, familyId: Not(keepSessionId), revokedAt: IsNull() },
      { revokedAt: now },
    );
  }

  private async rotateIn(
    m: EntityManager,
    tokenHash: string,
    now: Date,
    client: ClientContext,
  ): Promise<Rotation> {
    // Exclusive: this path may issue a sibling or revoke the family (reuse), so it runs alone
    // among the user's refreshes and endings (see session-lock.ts).
    await lockSessionsOfToken(m, tokenHash);
    let row = await m.findOneBy(RefreshTokenEntity, { tokenHash });
    if (!row || row.expiresAt <= now || row.familyExpiresAt <= now) return { kind: 'invalid' };
    if (!row.revokedAt) {
      const successorId = randomUUID();
      const claimed = await m
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ revokedAt: now, replacedBy: successorId })
        .where('id = :id AND revoked_at IS NULL', { id: row.id })
        .execute();
      if (claimed.affected === 1)
        return { kind: 'rotated', issued: await this.insert(m, row, successorId, now, client) };
      // A concurrent refresh of the same token won the race: judge it as a reuse below.
      row = await m.findOneByOrFail(RefreshTokenEntity, { id: row.id });
    }
    // Only a rotated token of a live session can be reused. One revoked without a successor
    // (logout, logout-all, an admin) or whose session has ended is simply no longer valid.
    const sessionLive = await m.existsBy(RefreshTokenEntity, {
      familyId: row.familyId,
      revokedAt: IsNull(),
    });
    if (!row.replacedBy || !sessionLive) return { kind: 'invalid' };
    if (this.withinGrace(row, now)) {
      return { kind: 'rotated', issued: await this.insert(m, row, randomUUID(), now, client) };
    }
    await this.revokeFamily(m, row.familyId, now);
    return { kind: 'reused', userId: row.userId, sessionId: row.familyId };
  }

  /** A token rotated moments ago (parallel tabs) may be presented again. */
  private withinGrace(row: RefreshTokenEntity, now: Date): boolean {
    const graceMs = this.config.REFRESH_REUSE_GRACE_SECONDS * 1000;
    return (
      row.revokedAt !== null && now.getTime() - row.revokedAt.getTime() <= graceMs && graceMs > 0
    );
  }

  private async revokeFamily(m: EntityManager, familyId: string, now: Date): Promise<void> {
    await m.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  private async insert(
    m: EntityManager,
    family: { userId: string; familyId: string; familyExpiresAt: Date },
    id: string,
    now: Date,
    client: ClientContext,
  ): Promise<IssuedRefreshToken> {
    const refreshToken = newOpaqueToken();
    await insertRow(m, RefreshTokenEntity, {
      id,
      tokenHash: hashToken(refreshToken),
      userId: family.userId,
      familyId: family.familyId,
      expiresAt: this.idleExpiry(now, family.familyExpiresAt),
      familyExpiresAt: family.familyExpiresAt,
      revokedAt: null,
      replacedBy: null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    });
    return { refreshToken, sessionId: family.familyId, userId: family.userId };
  }

  /** A token's idle expiry, capped by its family's absolute one. */
  private idleExpiry(now: Date, familyExpiresAt: Date): Date {
    const idle = now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000;
    return new Date(Math.min(idle, familyExpiresAt.getTime()));
  }
}
