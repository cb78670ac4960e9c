import type { UserResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { ActionPurpose } from '../action-tokens/action-token.entity';
import { ActionTokensService } from '../action-tokens/action-tokens.service';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { MailCap } from '../rate-limit/mail-cap.service';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { BackgroundWork } from './background-work';

@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: ActionTokensService,
    private readonly mail: MailService,
    private readonly mailCap: MailCap,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
    private readonly background: BackgroundWork,
  ) {}

  /**
   * Mails a fresh link (links sent before stop working), within MailCap: every path that mails
   * a link (sign-up, resend) counts. Over the cap nothing is issued or sent, so the last link
   * mailed stays valid; answers whether it mailed.
   */
  async send(user: Pick<UserEntity, 'id' | 'email' | 'firstName'>): Promise<boolean> {
    if (!(await this.mailCap.allows('verify-email', user.email))) return false;
    const ttl = this.config.VERIFICATION_TOKEN_TTL_SECONDS;
    const token = await this.tx.run((m) =>
      this.tokens.issue(m, user.id, ActionPurpose.VerifyEmail, ttl),
    );
    this.mail.send({
      to: user.email,
      template: 'verify-email',
      context: {
        name: user.firstName,
        link: this.mail.link('/verify-email', token),
        validHours: Math.round(ttl / 3600),
      },
    });
    return true;
  }

  async verify(token: string, client: ClientContext): Promise<UserResponse> {
    const userId = await this.tx.run(async (m) => {
      const used = await this.tokens.consume(m, token, ActionPurpose.VerifyEmail);
      if (!used) return null;
      await m.update(UserEntity, { id: used.userId }, { isVerified: true });
      await this.audit.recordIn(m, {
        type: AuditEventType.EmailVerified,
        userId: used.userId,
        client,
      });
      return used.userId;
    });
    const user = userId ? await this.users.findById(userId) : null;
    if (!user)
      throw new DomainError(
        DomainErrorCode.InvalidToken,
        'this verification link is invalid, used or expired',
      );
    return this.users.toResponse(toUserView(user));
  }

  /** Answers at once; sends only to an existing, active, unverified account (within MailCap). */
  resend(email: string, client: ClientContext): void {
    this.background.run('resend-verification', async () => {
      const user = await this.users.findByEmail(email);
      if (!user?.isActive || user.isVerified) return;
      if (!(await this.send(user))) return;
      await this.audit.record({ type: AuditEventType.VerificationResent, userId: user.id, client });
    });
  }
}
