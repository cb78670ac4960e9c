import type { SessionResponse } from '@gatehouse/contracts';
import { type EntityManager, In, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/**
 * The user's live sessions: families with an unrevoked, unexpired token. The newest live token
 * gives the last use and the device; the family's first token gives the sign-in time.
 */
export async function listLiveSessions(
  m: EntityManager,
  userId: string,
  currentSessionId: string | null,
  now = new Date(),
): Promise<SessionResponse[]> {
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
    .getRawMany<{ familyId: string; startedAt: string | Date }>();
  const startedAt = new Map(starts.map((s) => [s.familyId, toIso(s.startedAt)]));
  return [...newest.values()]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((token) => ({
      id: token.familyId,
      createdAt: startedAt.get(token.familyId) ?? token.createdAt.toISOString(),
      lastUsedAt: token.createdAt.toISOString(),
      userAgent: token.userAgent,
      ip: token.ip,
      current: token.familyId === currentSessionId,
    }));
}

function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`).toISOString();
}
