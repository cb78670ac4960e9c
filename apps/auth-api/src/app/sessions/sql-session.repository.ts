import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type DataSource,
  type EntityManager,
  type FindOptionsWhere,
  In,
  IsNull,
  Not,
} from 'typeorm';
import { insertRow } from '../../database/insert-row';
import { nativeDriver } from '../../database/native-driver';
import { fromSqlDate } from '../../database/sql-dates';
import { TransactionService } from '../../database/transaction.service';
import type { AuditRow } from '../audit/audit.service';
import { RefreshTokenEntity } from './refresh-token.entity';
import {
  cappedByFamily,
  type FirstToken,
  type LiveSession,
  type StoredToken,
  type Successor,
} from './session-records';
import { sessionStartWriter, type WriteSessionStart } from './session-start.sql';
import { type PurgedSessions, type RevokeScope, SessionRepository } from './session.repository';
import { liveRotation, type RotateLive } from './token-rotation.sql';

/**
 * Sessions on SQLite and PostgreSQL. The two hot paths are hand-written SQL, each dialect's
 * statement beside the other (session-start.sql.ts, token-rotation.sql.ts); the rest is
 * TypeORM, the same on both.
 */
@Injectable()
export class SqlSessionRepository extends SessionRepository {
  private readonly writeStart: WriteSessionStart;
  readonly rotateLive: RotateLive;
  private readonly postgres: boolean;

  constructor(@InjectDataSource() dataSource: DataSource, tx: TransactionService) {
    super();
    const native = nativeDriver(dataSource);
    this.writeStart = sessionStartWriter(native, dataSource, tx);
    this.rotateLive = liveRotation(native, dataSource, tx);
    this.postgres = dataSource.options.type === 'postgres';
  }

  start(token: FirstToken, signIn: AuditRow, now: Date): Promise<void> {
    const expiresAt = cappedByFamily(token.expiresAt, token.familyExpiresAt);
    return this.writeStart({ ...token, expiresAt }, signIn, now);
  }

  /**
   * Sessions are issued and ended under their user's row lock on PostgreSQL (SQLite runs one
   * write at a time). A refresh holds the row shared (FOR SHARE, in the rotation statement)
   * while it issues a successor; whatever ends sessions takes it first with FOR NO KEY UPDATE.
   * So an ending either waits for the refresh and then revokes its successor too, or the
   * refresh waits for the ending and then finds its token revoked. Without it, a successor
   * inserted while logout-all swept the live tokens outlived it. FOR NO KEY UPDATE leaves
   * foreign-key checks (new sign-ins) unblocked.
   */
  async lockUser(m: EntityManager, userId: string): Promise<void> {
    if (!this.postgres) return;
    await m.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  }

  async lockUserOfToken(m: EntityManager, tokenHash: string): Promise<void> {
    if (!this.postgres) return;
    await m.query(
      `SELECT u.id FROM users u
        WHERE u.id IN (SELECT t.user_id FROM refresh_tokens t WHERE t.token_hash = $1)
          FOR NO KEY UPDATE`,
      [tokenHash],
    );
  }

  findByHash(m: EntityManager, tokenHash: string): Promise<StoredToken | null> {
    return m.findOneBy(RefreshTokenEntity, { tokenHash });
  }

  isLive(m: EntityManager, familyId: string): Promise<boolean> {
    return m.existsBy(RefreshTokenEntity, { familyId, revokedAt: IsNull() });
  }

  async insertSibling(m: EntityManager, family: StoredToken, next: Successor): Promise<void> {
    await insertRow(m, RefreshTokenEntity, {
      id: next.id,
      tokenHash: next.tokenHash,
      userId: family.userId,
      familyId: family.familyId,
      expiresAt: cappedByFamily(next.expiresAt, family.familyExpiresAt),
      familyExpiresAt: family.familyExpiresAt,
      revokedAt: null,
      replacedBy: null,
      userAgent: next.userAgent,
      ip: next.ip,
    });
  }

  async revoke(m: EntityManager, scope: RevokeScope, now: Date): Promise<number> {
    const where: FindOptionsWhere<RefreshTokenEntity> = { revokedAt: IsNull() };
    if ('familyId' in scope) where.familyId = scope.familyId;
    if (scope.userId !== undefined) where.userId = scope.userId;
    if ('exceptFamilyId' in scope && scope.exceptFamilyId !== undefined)
      where.familyId = Not(scope.exceptFamilyId);
    const result = await m.update(RefreshTokenEntity, where, { revokedAt: now });
    return result.affected ?? 0;
  }

  /**
   * Families with an unrevoked, unexpired token. The newest live token gives the last use and
   * the device; the family's first token gives the sign-in time.
   */
  async listLive(m: EntityManager, userId: string, now: Date): Promise<LiveSession[]> {
    const live = (
      await m.find(RefreshTokenEntity, { where: { userId, revokedAt: IsNull() } })
    ).filter((t) => t.expiresAt > now && t.familyExpiresAt > now);
    const newest = new Map<string, RefreshTokenEntity>();
    for (const token of live) {
      const seen = newest.get(token.familyId);
      if (!seen || token.createdAt > seen.createdAt) newest.set(token.familyId, token);
    }
    if (newest.size === 0) return [];
    const starts = await m
      .createQueryBuilder(RefreshTokenEntity, 't')
      .select('t.familyId', 'familyId')
      .addSelect('MIN(t.createdAt)', 'startedAt')
      .where({ familyId: In([...newest.keys()]) })
      .groupBy('t.familyId')
      .getRawMany<{ familyId: string; startedAt: unknown }>();
    const startedAt = new Map(starts.map((s) => [s.familyId, fromSqlDate(s.startedAt)]));
    return [...newest.values()]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((token) => ({
        familyId: token.familyId,
        startedAt: startedAt.get(token.familyId) ?? token.createdAt,
        lastUsedAt: token.createdAt,
        userAgent: token.userAgent,
        ip: token.ip,
      }));
  }

  async signedInAt(m: EntityManager, familyId: string, userId: string): Promise<Date | null> {
    const first = await m
      .createQueryBuilder(RefreshTokenEntity, 't')
      .select('MIN(t.created_at)', 'signedInAt')
      .where('t.family_id = :familyId AND t.user_id = :userId', { familyId, userId })
      .getRawOne<{ signedInAt: unknown }>();
    return fromSqlDate(first?.signedInAt);
  }

  async purgeDead(m: EntityManager, before: Date): Promise<PurgedSessions> {
    // A session is dead from its last revocation or expiry.
    const tokens = await m
      .createQueryBuilder()
      .delete()
      .from(RefreshTokenEntity)
      .where(
        `family_id NOT IN (SELECT family_id FROM refresh_tokens
           WHERE (revoked_at IS NULL AND expires_at > :before AND family_expires_at > :before)
              OR revoked_at > :before)`,
        { before },
      )
      .execute();
    // A session's re-authentication time goes with its last token. The table is reauth's
    // (SessionAuthTimeEntity), named here because reauth depends on sessions, not the reverse.
    const proofs = await m
      .createQueryBuilder()
      .delete()
      .from('session_auth_times')
      .where('family_id NOT IN (SELECT family_id FROM refresh_tokens)')
      .execute();
    return { refreshTokens: tokens.affected ?? 0, sessionAuthTimes: proofs.affected ?? 0 };
  }
}
