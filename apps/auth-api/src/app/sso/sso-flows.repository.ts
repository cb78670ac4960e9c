import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toSqlDate } from '../../database/sql-dates';
import { hashToken, newOpaqueToken } from '../sessions/opaque-token';
import { SsoFlowEntity, type SsoFlowIntent } from './sso-flow.entity';

export type NewFlow = Omit<
  SsoFlowEntity,
  'id' | 'tokenHash' | 'expiresAt' | 'usedAt' | 'createdAt' | 'user'
>;

/**
 * Flows and pending links, like the other one-time state: in the database, the client's
 * token only as a hash, used up by one conditional UPDATE so that of a replayed or parallel
 * callback exactly one request gets the row.
 */
@Injectable()
export class SsoFlowsRepository {
  /** Stores the flow; returns the token the client must present to use it. */
  async create(m: EntityManager, flow: NewFlow, ttlSeconds: number): Promise<string> {
    const token = newOpaqueToken();
    await m.insert(SsoFlowEntity, {
      ...flow,
      id: randomUUID(),
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      usedAt: null,
    });
    return token;
  }

  /** The live flow of this token, without using it up. */
  async find(
    m: EntityManager,
    token: string,
    intents: SsoFlowIntent[],
    now = new Date(),
  ): Promise<SsoFlowEntity | null> {
    const row = await m.findOneBy(SsoFlowEntity, { tokenHash: hashToken(token) });
    return row && intents.includes(row.intent) && !row.usedAt && row.expiresAt > now ? row : null;
  }

  /** Uses the flow up; null if unknown, used, expired, of another intent, or another won. */
  async consume(
    m: EntityManager,
    token: string,
    intents: SsoFlowIntent[],
    now = new Date(),
  ): Promise<SsoFlowEntity | null> {
    const row = await this.find(m, token, intents, now);
    if (!row) return null;
    const claimed = await m
      .createQueryBuilder()
      .update(SsoFlowEntity)
      .set({ usedAt: now })
      // The expiry again, in the same statement: a flow that expired since the read stays dead.
      .where('id = :id AND used_at IS NULL AND expires_at > :now', {
        id: row.id,
        now: toSqlDate(m.connection.options.type === 'postgres' ? 'postgres' : 'sqlite', now),
      })
      .execute();
    return claimed.affected === 1 ? row : null;
  }

  /** Notes the session a sign-in flow opened (a session opened by a provider is no proof). */
  async openedSession(m: EntityManager, flowId: string, sessionId: string): Promise<void> {
    await m.update(SsoFlowEntity, { id: flowId }, { sessionId });
  }

  async openedBySso(m: EntityManager, sessionId: string): Promise<boolean> {
    return (await m.countBy(SsoFlowEntity, { sessionId, intent: 'sign_in' })) > 0;
  }
}
