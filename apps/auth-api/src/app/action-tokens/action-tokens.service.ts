import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager, IsNull } from 'typeorm';
import { hashToken, newOpaqueToken } from '../sessions/opaque-token';
import { ActionPurpose, ActionTokenEntity } from './action-token.entity';

/** Single-use tokens for links and login steps: 256 bits, stored as SHA-256, with an expiry. */
@Injectable()
export class ActionTokensService {
  /** Issues a token inside the caller's transaction; earlier ones of the same purpose die. */
  async issue(
    m: EntityManager,
    userId: string,
    purpose: ActionPurpose,
    ttlSeconds: number,
    newEmail: string | null = null,
  ): Promise<string> {
    const now = new Date();
    await this.revokeAll(m, userId, purpose, now);
    const token = newOpaqueToken();
    await m.insert(ActionTokenEntity, {
      id: randomUUID(),
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      newEmail,
      usedAt: null,
    });
    return token;
  }

  /** The live (unused, unexpired) token, without using it up. */
  async find(
    m: EntityManager,
    token: string,
    purpose: ActionPurpose,
    now = new Date(),
  ): Promise<ActionTokenEntity | null> {
    const row = await m.findOneBy(ActionTokenEntity, { tokenHash: hashToken(token), purpose });
    return row && !row.usedAt && row.expiresAt > now ? row : null;
  }

  /** Uses the token up; null if it is unknown, used or expired (or another request won). */
  async consume(
    m: EntityManager,
    token: string,
    purpose: ActionPurpose,
    now = new Date(),
  ): Promise<ActionTokenEntity | null> {
    const row = await this.find(m, token, purpose, now);
    if (!row) return null;
    const claimed = await m
      .createQueryBuilder()
      .update(ActionTokenEntity)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL', { id: row.id })
      .execute();
    return claimed.affected === 1 ? row : null;
  }

  async revokeAll(
    m: EntityManager,
    userId: string,
    purpose: ActionPurpose,
    now = new Date(),
  ): Promise<void> {
    await m.update(ActionTokenEntity, { userId, purpose, usedAt: IsNull() }, { usedAt: now });
  }
}
