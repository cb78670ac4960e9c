import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { UserIdentityEntity } from './user-identity.entity';

/** The provider accounts linked to local accounts. */
@Injectable()
export class UserIdentitiesRepository {
  bySubject(m: EntityManager, provider: string, subject: string) {
    return m.findOneBy(UserIdentityEntity, { provider, subject });
  }

  ofUser(m: EntityManager, userId: string): Promise<UserIdentityEntity[]> {
    return m.find(UserIdentityEntity, { where: { userId }, order: { provider: 'ASC' } });
  }

  async insert(
    m: EntityManager,
    userId: string,
    provider: string,
    subject: string,
    email: string | null,
  ): Promise<void> {
    await m.insert(UserIdentityEntity, {
      id: randomUUID(),
      userId,
      provider,
      subject,
      email,
      lastUsedAt: null,
    });
  }

  async used(m: EntityManager, provider: string, userId: string): Promise<void> {
    await m.update(UserIdentityEntity, { provider, userId }, { lastUsedAt: new Date() });
  }

  /** Whether a row was removed. */
  async remove(m: EntityManager, userId: string, provider: string): Promise<boolean> {
    return ((await m.delete(UserIdentityEntity, { userId, provider })).affected ?? 0) > 0;
  }
}
