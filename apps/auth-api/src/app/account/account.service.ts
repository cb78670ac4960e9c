import type { UpdateProfileDto, UserResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { PasswordPolicy } from '../password/password-policy.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { SessionsService } from '../sessions/sessions.service';
import type { Principal } from '../users/principal';
import { SignInMethodsRepository } from '../users/sign-in-methods.repository';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';

/** What a signed-in user changes about their own account: password (or none) and names. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly mail: MailService,
    private readonly attempts: CredentialAttempts,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
    private readonly signInMethods: SignInMethodsRepository,
  ) {}

  /**
   * Needs the current password (ASVS 6.2.3), counted and audited like a sign-in; ends every
   * other session of the user.
   */
  async changePassword(
    user: Principal,
    currentPassword: string,
    newPassword: string,
    client: ClientContext,
  ): Promise<void> {
    const stored = await this.users.findById(user.id);
    if (stored && stored.passwordHash === null)
      throw new DomainError(
        DomainErrorCode.PasswordNotSet,
        'this account has no password to change: set one with the reset link ("forgot password")',
      );
    const right =
      stored !== null &&
      (await this.attempts.verify('change_password', stored, client, () =>
        this.hasher.verify(stored.passwordHash, currentPassword),
      ));
    if (!stored || !right) {
      throw new DomainError(DomainErrorCode.WrongPassword, 'current password is incorrect');
    }
    this.policy.assertAcceptable(newPassword, stored.email);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.tx.run(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash });
      await this.sessions.endOthersFor(m, user.id, user.sessionId);
      await this.audit.recordIn(m, {
        type: AuditEventType.PasswordChanged,
        userId: user.id,
        client,
      });
    });
    this.mail.send({
      to: stored.email,
      template: 'password-changed',
      context: {
        name: stored.firstName,
        when: new Date().toISOString(),
        resetLink: this.mail.link('/forgot-password'),
      },
    });
  }

  /**
   * Drops the password once another way to sign in exists (checked inside the transaction, so
   * it cannot race the removal of that other way); ends every other session. The reset link
   * sets a new password later.
   */
  async removePassword(user: Principal, client: ClientContext): Promise<void> {
    await this.tx.run(async (m) => {
      const methods = await this.signInMethods.ofUser(m, user.id);
      if (!methods.password)
        throw new DomainError(DomainErrorCode.PasswordNotSet, 'this account has no password');
      await this.signInMethods.assertAnotherRemains(m, user.id, 'password');
      await m.update(UserEntity, { id: user.id }, { passwordHash: null });
      await this.sessions.endOthersFor(m, user.id, user.sessionId);
      await this.audit.recordIn(m, {
        type: AuditEventType.PasswordRemoved,
        userId: user.id,
        client,
      });
    });
  }

  async updateProfile(
    user: Principal,
    dto: UpdateProfileDto,
    client: ClientContext,
  ): Promise<UserResponse> {
    const changes: Partial<UserEntity> = {};
    if (dto.firstName !== undefined) changes.firstName = dto.firstName || null;
    if (dto.lastName !== undefined) changes.lastName = dto.lastName || null;
    if (Object.keys(changes).length > 0) {
      await this.tx.run(async (m) => {
        await m.update(UserEntity, { id: user.id }, changes);
        await this.audit.recordIn(m, {
          type: AuditEventType.ProfileUpdated,
          userId: user.id,
          client,
          details: { fields: Object.keys(changes) },
        });
      });
    }
    const updated = await this.users.findById(user.id);
    if (!updated)
      throw new DomainError(DomainErrorCode.Unauthenticated, 'account no longer exists');
    return this.users.toResponse(toUserView(updated));
  }
}
