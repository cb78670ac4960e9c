import type { AcceptedResponse } from '@gatehouse/contracts';
import {
  AuditEventType,
  DomainError,
  DomainErrorCode,
  emailKey,
  normalizeEmail,
} from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../../database/database-errors';
import { TransactionService } from '../../database/transaction.service';
import { ActionPurpose } from '../action-tokens/action-token.entity';
import { ActionTokensService } from '../action-tokens/action-tokens.service';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { MailCap } from '../rate-limit/mail-cap.service';
import { SessionsService } from '../sessions/sessions.service';
import type { Principal } from '../users/principal';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

const TAKEN = 'an account with this email already exists';
const INVALID_LINK = 'this confirmation link is invalid, used or expired';

/**
 * Moving an account to another address: a single-use link goes to the new address, a notice to
 * the old one; the link applies the change (email and its comparison key together), marks the
 * address verified and ends every session.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: ActionTokensService,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly mailCap: MailCap,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async request(
    user: Principal,
    newEmail: string,
    client: ClientContext,
  ): Promise<AcceptedResponse> {
    const email = normalizeEmail(newEmail);
    if (emailKey(email) === emailKey(user.email))
      throw new DomainError(DomainErrorCode.EmailTaken, 'this is already the account address');
    if (await this.users.emailExists(email))
      throw new DomainError(DomainErrorCode.EmailTaken, TAKEN);
    const accepted = { message: `A confirmation link is on its way to ${email}.` };
    // Over the cap, the link already sent stays the valid one: no new token, no mail.
    if (!(await this.mailCap.allows('change-email', email))) return accepted;
    const ttl = this.config.EMAIL_CHANGE_TOKEN_TTL_SECONDS;
    const token = await this.tx.run(async (m) => {
      await this.audit.recordIn(m, {
        type: AuditEventType.EmailChangeRequested,
        userId: user.id,
        client,
      });
      return this.tokens.issue(m, user.id, ActionPurpose.ChangeEmail, ttl, email);
    });
    this.mail.send({
      to: email,
      template: 'confirm-email-change',
      context: {
        name: user.firstName,
        link: this.mail.link('/confirm-email-change', token),
        validMinutes: Math.round(ttl / 60),
      },
    });
    this.mail.send({
      to: user.email,
      template: 'email-change-requested',
      context: {
        name: user.firstName,
        newEmail: email,
        when: new Date().toISOString(),
        resetLink: this.mail.link('/forgot-password'),
      },
    });
    return accepted;
  }

  /** Applies the change the link confirms: 400 for a dead link, 409 if the address was taken since. */
  async confirm(token: string, client: ClientContext): Promise<void> {
    try {
      await this.tx.run(async (m) => {
        const used = await this.tokens.consume(m, token, ActionPurpose.ChangeEmail);
        if (!used?.newEmail) throw new DomainError(DomainErrorCode.InvalidToken, INVALID_LINK);
        const key = emailKey(used.newEmail);
        const holder = await m.findOneBy(UserEntity, { emailKey: key });
        if (holder && holder.id !== used.userId)
          throw new DomainError(DomainErrorCode.EmailTaken, TAKEN);
        const now = new Date();
        await m.update(
          UserEntity,
          { id: used.userId },
          { email: used.newEmail, emailKey: key, isVerified: true, tokensValidAfter: now },
        );
        await this.sessions.endAllFor(m, used.userId, now);
        await this.audit.recordIn(m, {
          type: AuditEventType.EmailChanged,
          userId: used.userId,
          client,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(DomainErrorCode.EmailTaken, TAKEN);
      throw error;
    }
  }
}
