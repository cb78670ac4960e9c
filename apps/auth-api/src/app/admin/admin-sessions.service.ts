import type { EndedSessionsResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../sessions/sessions.service';
import { UserEntity } from '../users/user.entity';

/** An admin ends a user's sessions (ASVS 7.4.5): the user's logout-all, done by someone else. */
@Injectable()
export class AdminSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Revokes every refresh token of the user and refuses every access token issued until now
   * (tokens_valid_after), with the audit event, in one transaction. The account stays active:
   * the user can sign in again, unlike after deactivation.
   */
  endAll(actorId: string, userId: string, client: ClientContext): Promise<EndedSessionsResponse> {
    return this.tx.run(async (m) => {
      const now = new Date();
      const ended = (await this.sessions.listIn(m, userId, null, now)).length;
      // Tokens, then the user row: logout-all's order, so the two cannot deadlock.
      await this.sessions.endAllFor(m, userId, now);
      const stamped = await m.update(UserEntity, { id: userId }, { tokensValidAfter: now });
      if (!stamped.affected) throw new DomainError(DomainErrorCode.NotFound, 'no such user');
      await this.audit.recordIn(m, {
        type: AuditEventType.UserSessionsEnded,
        userId,
        actorId,
        client,
        details: { sessions: ended },
      });
      return { ended };
    });
  }
}
