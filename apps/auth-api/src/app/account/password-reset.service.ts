import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { ActionPurpose } from '../action-tokens/action-token.entity';
import { ActionTokensService } from '../action-tokens/action-tokens.service';
import { type AuditRecord, AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { PasswordPolicy } from '../password/password-policy.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { MailCap } from '../rate-limit/mail-cap.service';
import { SessionsService } from '../sessions/sessions.service';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { BackgroundWork } from './background-work';

const INVALID_LINK = 'this reset link is invalid, used or expired';

/**
 * Forgotten passwords. The request answers alike for every email; the reset ends every session
 * and access token of the account and unlocks it, and a second factor, if enabled, is still
 * asked at login.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: ActionTokensService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly mail: MailService,
    private readonly attempts: CredentialAttempts,
    private readonly mailCap: MailCap,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
    private readonly background: BackgroundWork,
  ) {}

  request(email: string, client: ClientContext): void {
    this.background.run('forgot-password', async () => {
      const user = await this.users.findByEmail(email);
      if (!user?.isActive) {
        await this.audit.record({
          type: AuditEventType.PasswordResetRequested,
          client,
          details: { accountFound: false },
        });
        return;
      }
      // Over the cap, the links already sent stay the valid ones: no new token.
      const mailed = await this.mailCap.allows('reset-password', user.email);
      const requested: AuditRecord = {
        type: AuditEventType.PasswordResetRequested,
        userId: user.id,
        client,
        details: { accountFound: true, mailed },
      };
      if (!mailed) return this.audit.record(requested);
      const ttl = this.config.RESET_TOKEN_TTL_SECONDS;
      const token = await this.tx.run(async (m) => {
        await this.audit.recordIn(m, requested);
        return this.tokens.issue(m, user.id, ActionPurpose.ResetPassword, ttl);
      });
      this.mail.send({
        to: user.email,
        template: 'reset-password',
        context: {
          name: user.firstName,
          link: this.mail.link('/reset-password', token),
          validMinutes: Math.round(ttl / 60),
        },
      });
    });
  }

  async reset(token: string, password: string, client: ClientContext): Promise<void> {
    const pending = await this.tx.run((m) =>
      this.tokens.find(m, token, ActionPurpose.ResetPassword),
    );
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!user?.isActive) throw new DomainError(DomainErrorCode.InvalidToken, INVALID_LINK);
    this.policy.assertAcceptable(password, user.email); // a weak choice keeps the link usable
    const passwordHash = await this.hasher.hash(password);
    const done = await this.tx.run(async (m) => {
      if (!(await this.tokens.consume(m, token, ActionPurpose.ResetPassword))) return false;
      const now = new Date();
      await m.update(UserEntity, { id: user.id }, { passwordHash, tokensValidAfter: now });
      await this.tokens.revokeAll(m, user.id, ActionPurpose.ResetPassword, now);
      await this.sessions.endAllFor(m, user.id, now);
      await this.audit.recordIn(m, {
        type: AuditEventType.PasswordResetCompleted,
        userId: user.id,
        client,
      });
      return true;
    });
    if (!done) throw new DomainError(DomainErrorCode.InvalidToken, INVALID_LINK);
    await this.attempts.unlock(user.email);
    this.mail.send({
      to: user.email,
      template: 'password-changed',
      context: {
        name: user.firstName,
        when: new Date().toISOString(),
        resetLink: this.mail.link('/forgot-password'),
      },
    });
  }
}
