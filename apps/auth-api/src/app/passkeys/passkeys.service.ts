import type { PasskeyResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../users/principal';
import { SignInMethodsRepository } from '../users/sign-in-methods.repository';
import { PasskeyEntity } from './passkey.entity';
import { toPasskeyResponse } from './passkey.mapper';

/** A user's own passkeys: list, rename, remove (never the last way to sign in). */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly signInMethods: SignInMethodsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async list(userId: string): Promise<PasskeyResponse[]> {
    const passkeys = await this.tx.run((m) =>
      m.find(PasskeyEntity, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
    return passkeys.map(toPasskeyResponse);
  }

  async rename(
    user: Principal,
    id: string,
    name: string,
    client: ClientContext,
  ): Promise<PasskeyResponse> {
    const renamed = await this.tx.run(async (m) => {
      const passkey = await this.owned(m, user.id, id);
      await m.update(PasskeyEntity, { id }, { name });
      await this.audit.recordIn(m, {
        type: AuditEventType.PasskeyRenamed,
        userId: user.id,
        client,
        details: { passkeyId: id, from: passkey.name, to: name },
      });
      return { ...passkey, name };
    });
    return toPasskeyResponse(renamed);
  }

  async remove(user: Principal, id: string, client: ClientContext): Promise<void> {
    await this.tx.run(async (m) => {
      const passkey = await this.owned(m, user.id, id);
      await this.signInMethods.assertAnotherRemains(m, user.id, 'passkey');
      await m.delete(PasskeyEntity, { id });
      await this.audit.recordIn(m, {
        type: AuditEventType.PasskeyRemoved,
        userId: user.id,
        client,
        details: { passkeyId: id, name: passkey.name },
      });
    });
  }

  /** Another user's passkey is as unknown as a missing one: 404 either way. */
  private async owned(m: EntityManager, userId: string, id: string): Promise<PasskeyEntity> {
    const passkey = await m.findOneBy(PasskeyEntity, { id, userId });
    if (!passkey) throw new DomainError(DomainErrorCode.NotFound, 'no such passkey');
    return passkey;
  }
}
