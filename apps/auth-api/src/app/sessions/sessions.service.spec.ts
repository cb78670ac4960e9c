import { DomainErrorCode } from '@gatehouse/domain';
import type { EntityManager } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import type { AppConfig } from '../../config/app-config';
import type { TransactionService } from '../../database/transaction.service';
import type { AuditRecord, AuditRow, AuditService } from '../audit/audit.service';
import type { MetricsService } from '../metrics/metrics.service';
import { hashToken } from './opaque-token';
import {
  cappedByFamily,
  type Device,
  type FirstToken,
  type LiveSession,
  type RotatedFamily,
  type StoredToken,
  type Successor,
} from './session-records';
import type { PurgedSessions, RevokeScope, SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

interface Row extends StoredToken, Device {
  id: string;
  tokenHash: string;
  createdAt: Date;
}

/** The repository's contract in memory: what SqlSessionRepository does on either database. */
class InMemorySessions implements SessionRepository {
  readonly rows: Row[] = [];

  start(token: FirstToken, _signIn: AuditRow, now: Date): Promise<void> {
    this.add(token, token, now);
    return Promise.resolve();
  }

  rotateLive(tokenHash: string, next: Successor, now: Date): Promise<RotatedFamily | null> {
    const row = this.rows.find((r) => r.tokenHash === tokenHash);
    if (!row || row.revokedAt || row.expiresAt <= now || row.familyExpiresAt <= now)
      return Promise.resolve(null);
    Object.assign(row, { revokedAt: now, replacedBy: next.id });
    this.add(next, row, now);
    const user = { isActive: true, roles: ['user'] };
    return Promise.resolve({ userId: row.userId, familyId: row.familyId, user });
  }

  lockUser = () => Promise.resolve();
  lockUserOfToken = () => Promise.resolve();

  findByHash(_m: EntityManager, tokenHash: string): Promise<StoredToken | null> {
    return Promise.resolve(this.rows.find((r) => r.tokenHash === tokenHash) ?? null);
  }

  isLive(_m: EntityManager, familyId: string): Promise<boolean> {
    return Promise.resolve(this.rows.some((r) => r.familyId === familyId && !r.revokedAt));
  }

  insertSibling(_m: EntityManager, family: StoredToken, next: Successor): Promise<void> {
    this.add(next, family, new Date());
    return Promise.resolve();
  }

  revoke(_m: EntityManager, scope: RevokeScope, now: Date): Promise<number> {
    const hit = this.rows.filter(
      (r) =>
        !r.revokedAt &&
        (scope.userId === undefined || r.userId === scope.userId) &&
        ('familyId' in scope ? r.familyId === scope.familyId : r.familyId !== scope.exceptFamilyId),
    );
    for (const row of hit) row.revokedAt = now;
    return Promise.resolve(hit.length);
  }

  listLive(): Promise<LiveSession[]> {
    return Promise.resolve([]);
  }

  signedInAt(_m: EntityManager, familyId: string, userId: string): Promise<Date | null> {
    const created = this.rows
      .filter((r) => r.familyId === familyId && r.userId === userId)
      .map((r) => r.createdAt.getTime());
    return Promise.resolve(created.length > 0 ? new Date(Math.min(...created)) : null);
  }

  purgeDead(_m: EntityManager, before: Date): Promise<PurgedSessions> {
    const alive = new Set(
      this.rows
        .filter((r) =>
          r.revokedAt ? r.revokedAt > before : r.expiresAt > before && r.familyExpiresAt > before,
        )
        .map((r) => r.familyId),
    );
    const dead = this.rows.filter((r) => !alive.has(r.familyId));
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => alive.has(r.familyId)));
    return Promise.resolve({ refreshTokens: dead.length, sessionAuthTimes: 0 });
  }

  private add(
    token: Successor,
    family: Pick<StoredToken, 'userId' | 'familyId' | 'familyExpiresAt'>,
    now: Date,
  ): void {
    this.rows.push({
      id: token.id,
      tokenHash: token.tokenHash,
      userId: family.userId,
      familyId: family.familyId,
      expiresAt: cappedByFamily(token.expiresAt, family.familyExpiresAt),
      familyExpiresAt: family.familyExpiresAt,
      revokedAt: null,
      replacedBy: null,
      createdAt: now,
      userAgent: token.userAgent,
      ip: token.ip,
    });
  }
}

const HOUR = 3_600_000;
const CLIENT: ClientContext = { ip: '203.0.113.7', userAgent: 'x'.repeat(600), traceId: null };

describe(SessionsService.name, () => {
  let store: InMemorySessions;
  let reuses: number;
  let audited: AuditRecord[];

  const build = (config: Partial<AppConfig> = {}) => {
    store = new InMemorySessions();
    reuses = 0;
    audited = [];
    const tx = { run: <T>(work: (m: EntityManager) => Promise<T>) => work({} as EntityManager) };
    const audit = {
      rowFor: (record: AuditRecord) => ({ id: 'event', ...record }),
      record: (record: AuditRecord) => Promise.resolve(void audited.push(record)),
    };
    const metrics = { refreshReuse: { inc: () => void reuses++ } };
    return new SessionsService(
      {
        REFRESH_TOKEN_TTL_SECONDS: 3600,
        REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS: 5400,
        REFRESH_REUSE_GRACE_SECONDS: 10,
        ...config,
      } as AppConfig,
      tx as unknown as TransactionService,
      audit as unknown as AuditService,
      metrics as unknown as MetricsService,
      store,
    );
  };
  const signIn = () => ({ type: 'user.login', client: CLIENT }) as unknown as AuditRecord;
  const rowOf = (token: string) => store.rows.find((r) => r.tokenHash === hashToken(token));
  /** As if `ms` had passed since every row was written. */
  const age = (ms: number) => {
    for (const row of store.rows) {
      row.expiresAt = new Date(row.expiresAt.getTime() - ms);
      row.familyExpiresAt = new Date(row.familyExpiresAt.getTime() - ms);
      row.revokedAt = row.revokedAt && new Date(row.revokedAt.getTime() - ms);
    }
  };

  it('rotates a live token: the presented one is revoked, its successor is in the same session', async () => {
    const sut = build();
    const first = await sut.start('u1', CLIENT, signIn);
    const next = await sut.rotate(first.refreshToken, CLIENT);
    expect(next.sessionId).toBe(first.sessionId);
    expect(rowOf(first.refreshToken)?.revokedAt).not.toBeNull();
    expect(rowOf(next.refreshToken)).toMatchObject({ revokedAt: null, familyId: first.sessionId });
  });

  it("caps a token's idle expiry by its session's absolute one, at sign-in and at each rotation", async () => {
    const sut = build({
      REFRESH_TOKEN_TTL_SECONDS: 3600,
      REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS: 1800,
    });
    const first = await sut.start('u1', CLIENT, signIn);
    const row = rowOf(first.refreshToken);
    expect(row?.expiresAt).toEqual(row?.familyExpiresAt);
    const next = await sut.rotate(first.refreshToken, CLIENT);
    expect(rowOf(next.refreshToken)?.expiresAt).toEqual(row?.familyExpiresAt);
  });

  it('gives a rotated token presented again within the grace window a sibling successor', async () => {
    const sut = build();
    const first = await sut.start('u1', CLIENT, signIn);
    const tabA = await sut.rotate(first.refreshToken, CLIENT);
    const tabB = await sut.rotate(first.refreshToken, CLIENT);
    expect(tabB.sessionId).toBe(first.sessionId);
    expect(tabB.refreshToken).not.toBe(tabA.refreshToken);
    expect(rowOf(tabA.refreshToken)?.revokedAt).toBeNull();
    expect(rowOf(tabB.refreshToken)?.revokedAt).toBeNull();
    expect(reuses).toBe(0);
  });

  it('treats a rotated token presented after the grace window as reuse: the whole session is revoked', async () => {
    const sut = build();
    const first = await sut.start('u1', CLIENT, signIn);
    const other = await sut.start('u1', CLIENT, signIn);
    const next = await sut.rotate(first.refreshToken, CLIENT);
    age(11_000);
    await expect(sut.rotate(first.refreshToken, CLIENT)).rejects.toMatchObject({
      code: DomainErrorCode.RefreshTokenReused,
    });
    expect(rowOf(next.refreshToken)?.revokedAt).not.toBeNull();
    expect(rowOf(other.refreshToken)?.revokedAt).toBeNull(); // only that session
    expect(reuses).toBe(1);
    expect(audited).toMatchObject([{ userId: 'u1', details: { sessionId: first.sessionId } }]);
  });

  it('has no grace window at 0 seconds: the second use is a reuse at once', async () => {
    const sut = build({ REFRESH_REUSE_GRACE_SECONDS: 0 });
    const first = await sut.start('u1', CLIENT, signIn);
    await sut.rotate(first.refreshToken, CLIENT);
    await expect(sut.rotate(first.refreshToken, CLIENT)).rejects.toMatchObject({
      code: DomainErrorCode.RefreshTokenReused,
    });
  });

  it('refuses unknown, expired and logged-out tokens as invalid, not as reuse', async () => {
    const sut = build();
    const invalid = { code: DomainErrorCode.InvalidRefreshToken };
    await expect(sut.rotate('never issued', CLIENT)).rejects.toMatchObject(invalid);
    const loggedOut = await sut.start('u1', CLIENT, signIn);
    await sut.endByToken(loggedOut.refreshToken);
    await expect(sut.rotate(loggedOut.refreshToken, CLIENT)).rejects.toMatchObject(invalid);
    const expired = await sut.start('u2', CLIENT, signIn);
    age(2 * HOUR);
    await expect(sut.rotate(expired.refreshToken, CLIENT)).rejects.toMatchObject(invalid);
    expect(reuses).toBe(0);
  });

  it('refuses a rotated token of an ended session as invalid, not as reuse', async () => {
    const sut = build();
    const first = await sut.start('u1', CLIENT, signIn);
    await sut.rotate(first.refreshToken, CLIENT);
    await sut.endSession('u1', first.sessionId);
    await expect(sut.rotate(first.refreshToken, CLIENT)).rejects.toMatchObject({
      code: DomainErrorCode.InvalidRefreshToken,
    });
  });

  it("ends one's own session only: NOT_FOUND for another user's", async () => {
    const sut = build();
    const mine = await sut.start('u1', CLIENT, signIn);
    await expect(sut.endOwnSession('u2', mine.sessionId)).rejects.toMatchObject({
      code: DomainErrorCode.NotFound,
    });
    await sut.endOwnSession('u1', mine.sessionId);
    expect(rowOf(mine.refreshToken)?.revokedAt).not.toBeNull();
  });

  it("ends all of a user's sessions, or all but the one kept", async () => {
    const sut = build();
    const [a, b, c] = [
      await sut.start('u1', CLIENT, signIn),
      await sut.start('u1', CLIENT, signIn),
      await sut.start('u2', CLIENT, signIn),
    ];
    await sut.endOthersFor({} as EntityManager, 'u1', a.sessionId);
    expect([a, b, c].map((s) => rowOf(s.refreshToken)?.revokedAt === null)).toEqual([
      true,
      false,
      true,
    ]);
    await sut.endAllFor({} as EntityManager, 'u1');
    expect(rowOf(a.refreshToken)?.revokedAt).not.toBeNull();
    expect(rowOf(c.refreshToken)?.revokedAt).toBeNull();
  });

  it("stores the device cut to its columns' lengths", async () => {
    const sut = build();
    const session = await sut.start('u1', CLIENT, signIn);
    const next = await sut.rotate(session.refreshToken, CLIENT);
    for (const row of [rowOf(session.refreshToken), rowOf(next.refreshToken)])
      expect(row).toMatchObject({ userAgent: 'x'.repeat(512), ip: '203.0.113.7' });
  });
});
