import type { MfaSetupResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode, Role } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { toDataURL } from 'qrcode';
import { IsNull } from 'typeorm';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { SessionsService } from '../sessions/sessions.service';
import type { Principal } from '../users/principal';
import { UserMfaEntity } from '../users/user-mfa.entity';
import type { UserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';
import { SecretBox } from './secret-box';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp';

export type SecondFactor = 'totp' | 'recovery';

/** Whose 2FA is set up outside a session (the sign-in enrolment of an admin). */
export type MfaAccount = Pick<UserView, 'id' | 'email' | 'firstName'>;

/** A code that matched the pending secret: the step it used and the sealed secret it matched. */
export interface PendingMatch {
  step: number;
  sealedSecret: string;
}

/** TOTP two-factor authentication with one-time recovery codes. */
@Injectable()
export class MfaService {
  constructor(
    private readonly config: AppConfig,
    private readonly box: SecretBox,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly mail: MailService,
    private readonly attempts: CredentialAttempts,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
    private readonly sessions: SessionsService,
  ) {}

  async isEnabled(userId: string): Promise<boolean> {
    const mfa = await this.tx.run((m) => m.findOneBy(UserMfaEntity, { userId }));
    return Boolean(mfa?.enabledAt);
  }

  /** A new pending secret; 2FA stays off until a code from it is confirmed. */
  async setup(user: Principal): Promise<MfaSetupResponse> {
    if (user.mfaEnabled)
      throw new DomainError(
        DomainErrorCode.MfaAlreadyEnabled,
        'two-factor authentication is already on',
      );
    const secret = newTotpSecret();
    await this.tx.run((m) =>
      m.upsert(UserMfaEntity, { userId: user.id, pendingSecretEncrypted: this.box.seal(secret) }, [
        'userId',
      ]),
    );
    const url = otpauthUrl(this.config.MFA_ISSUER, user.email, secret);
    return {
      secret,
      otpauthUrl: url,
      qrCodeDataUrl: await toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
    };
  }

  /** Confirms the pending secret with a code; returns ten recovery codes, shown only now. */
  async enable(user: Principal, code: string, client: ClientContext): Promise<string[]> {
    const mfa = await this.tx.run((m) => m.findOneBy(UserMfaEntity, { userId: user.id }));
    if (mfa?.enabledAt)
      throw new DomainError(
        DomainErrorCode.MfaAlreadyEnabled,
        'two-factor authentication is already on',
      );
    if (!mfa?.pendingSecretEncrypted)
      throw new DomainError(DomainErrorCode.MfaNotEnabled, 'start with POST /auth/2fa/setup');
    const attempt = await this.attempts.begin('mfa_enable', user.email, client);
    const step = matchTotp(this.box.open(mfa.pendingSecretEncrypted), code, Date.now(), null);
    if (step === null) {
      await attempt.failed('wrong_mfa_code', user.id);
      throw new DomainError(DomainErrorCode.WrongMfaCode, 'the code is wrong or expired');
    }
    await attempt.passed();
    const codes = newRecoveryCodes();
    const hashes = await Promise.all(codes.map((c) => this.hasher.hash(normalizeRecoveryCode(c))));
    await this.tx.run(async (m) => {
      await m.update(
        UserMfaEntity,
        { userId: user.id },
        {
          secretEncrypted: mfa.pendingSecretEncrypted,
          pendingSecretEncrypted: null,
          enabledAt: new Date(),
          lastUsedStep: step,
        },
      );
      await m.delete(RecoveryCodeEntity, { userId: user.id });
      await m.insert(
        RecoveryCodeEntity,
        hashes.map((codeHash) => ({ id: randomUUID(), userId: user.id, codeHash, usedAt: null })),
      );
      // A second factor changed: other devices sign in again (ASVS 7.4.3), as on a password change.
      await this.sessions.endOthersFor(m, user.id, user.sessionId);
      await this.audit.recordIn(m, { type: AuditEventType.MfaEnabled, userId: user.id, client });
    });
    this.notify(user, true);
    return codes;
  }

  /** Needs the password and a current code (or a recovery code): one counted attempt. */
  async disable(
    user: Principal,
    password: string,
    code: string,
    client: ClientContext,
  ): Promise<void> {
    this.assertMayTurnOff(user);
    const stored = await this.users.findById(user.id);
    if (!stored) throw new DomainError(DomainErrorCode.WrongPassword, 'password is incorrect');
    const attempt = await this.attempts.begin('mfa_disable', stored.email, client);
    if (!(await this.hasher.verify(stored.passwordHash, password))) {
      await attempt.failed('wrong_password', user.id);
      throw new DomainError(DomainErrorCode.WrongPassword, 'password is incorrect');
    }
    if (!stored.mfa?.enabledAt) {
      await attempt.passed();
      throw new DomainError(DomainErrorCode.MfaNotEnabled, 'two-factor authentication is off');
    }
    if (!(await this.verify(user.id, code))) {
      await attempt.failed('wrong_mfa_code', user.id);
      throw new DomainError(DomainErrorCode.WrongMfaCode, 'the code is wrong or expired');
    }
    await attempt.passed();
    await this.tx.run(async (m) => {
      await m.delete(RecoveryCodeEntity, { userId: user.id });
      await m.delete(UserMfaEntity, { userId: user.id });
      await this.sessions.endOthersFor(m, user.id, user.sessionId);
      await this.audit.recordIn(m, { type: AuditEventType.MfaDisabled, userId: user.id, client });
    });
    this.notify(user, false);
  }

  /**
   * Ten new recovery codes, shown only now; the earlier ones stop working at once. Concurrent
   * calls run one after the other (the user's 2FA row is locked on PostgreSQL; SQLite writes
   * one at a time), so exactly one set of ten stays valid.
   */
  async regenerateRecoveryCodes(user: Principal, client: ClientContext): Promise<string[]> {
    const off = () =>
      new DomainError(DomainErrorCode.MfaNotEnabled, 'two-factor authentication is off');
    if (!(await this.isEnabled(user.id))) throw off();
    const codes = newRecoveryCodes();
    const hashes = await Promise.all(codes.map((c) => this.hasher.hash(normalizeRecoveryCode(c))));
    await this.tx.run(async (m) => {
      const locked =
        m.connection.options.type === 'postgres'
          ? await m.query<unknown[]>(
              'SELECT user_id FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE',
              [user.id],
            )
          : [user.id];
      if (locked.length === 0) throw off(); // turned off meanwhile
      await m.delete(RecoveryCodeEntity, { userId: user.id });
      await m.insert(
        RecoveryCodeEntity,
        hashes.map((codeHash) => ({ id: randomUUID(), userId: user.id, codeHash, usedAt: null })),
      );
      await this.audit.recordIn(m, {
        type: AuditEventType.MfaRecoveryCodesRegenerated,
        userId: user.id,
        client,
      });
    });
    return codes;
  }

  /**
   * Sign-in enrolment, step 1: a new pending secret, as setup() makes, for an account that
   * proved its password but has no session yet.
   */
  async setupFor(account: MfaAccount): Promise<MfaSetupResponse> {
    if (await this.isEnabled(account.id))
      throw new DomainError(
        DomainErrorCode.MfaAlreadyEnabled,
        'two-factor authentication is already on',
      );
    const secret = newTotpSecret();
    await this.tx.run((m) =>
      m.upsert(
        UserMfaEntity,
        { userId: account.id, pendingSecretEncrypted: this.box.seal(secret) },
        ['userId'],
      ),
    );
    const url = otpauthUrl(this.config.MFA_ISSUER, account.email, secret);
    return {
      secret,
      otpauthUrl: url,
      qrCodeDataUrl: await toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
    };
  }

  /**
   * Sign-in enrolment, step 2a: the step a code matches on the pending secret, or null. Nothing
   * is counted or written here: the caller counts the attempt first.
   */
  async matchPending(userId: string, code: string): Promise<PendingMatch | null> {
    const mfa = await this.tx.run((m) => m.findOneBy(UserMfaEntity, { userId }));
    if (mfa?.enabledAt)
      throw new DomainError(
        DomainErrorCode.MfaAlreadyEnabled,
        'two-factor authentication is already on',
      );
    if (!mfa?.pendingSecretEncrypted)
      throw new DomainError(DomainErrorCode.MfaNotEnabled, 'start with the setup step');
    const sealedSecret = mfa.pendingSecretEncrypted;
    const step = matchTotp(this.box.open(sealedSecret), code, Date.now(), null);
    return step === null ? null : { step, sealedSecret };
  }

  /**
   * Sign-in enrolment, step 2b: turns on the secret that matched (only if it is still the
   * pending one and 2FA is still off, so one of two racing requests wins) and returns ten
   * recovery codes, shown only now.
   */
  async activatePending(
    account: MfaAccount,
    match: PendingMatch,
    client: ClientContext,
  ): Promise<string[]> {
    const codes = newRecoveryCodes();
    const hashes = await Promise.all(codes.map((c) => this.hasher.hash(normalizeRecoveryCode(c))));
    const activated = await this.tx.run(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(UserMfaEntity)
        .set({
          secretEncrypted: match.sealedSecret,
          pendingSecretEncrypted: null,
          enabledAt: new Date(),
          lastUsedStep: match.step,
        })
        .where('user_id = :userId AND enabled_at IS NULL AND pending_secret_encrypted = :sealed', {
          userId: account.id,
          sealed: match.sealedSecret,
        })
        .execute();
      if (result.affected !== 1) return false;
      await m.delete(RecoveryCodeEntity, { userId: account.id });
      await m.insert(
        RecoveryCodeEntity,
        hashes.map((codeHash) => ({
          id: randomUUID(),
          userId: account.id,
          codeHash,
          usedAt: null,
        })),
      );
      await this.audit.recordIn(m, {
        type: AuditEventType.MfaEnabled,
        userId: account.id,
        client,
        details: { via: 'sign_in_enrollment' },
      });
      return true;
    });
    if (!activated)
      throw new DomainError(
        DomainErrorCode.MfaAlreadyEnabled,
        'two-factor authentication is already on',
      );
    this.notify(account, true);
    return codes;
  }

  /** Checks a second factor and uses it up: a TOTP step or a recovery code works once. */
  async verify(userId: string, code: string): Promise<SecondFactor | null> {
    const mfa = await this.tx.run((m) => m.findOneBy(UserMfaEntity, { userId }));
    if (!mfa?.enabledAt || !mfa.secretEncrypted) return null;
    if (/^\d{6}$/.test(code)) {
      const step = matchTotp(
        this.box.open(mfa.secretEncrypted),
        code,
        Date.now(),
        mfa.lastUsedStep,
      );
      return step !== null && (await this.claimStep(userId, step)) ? 'totp' : null;
    }
    return looksLikeRecoveryCode(code) &&
      (await this.useRecoveryCode(userId, normalizeRecoveryCode(code)))
      ? 'recovery'
      : null;
  }

  private claimStep(userId: string, step: number): Promise<boolean> {
    return this.tx.run(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(UserMfaEntity)
        .set({ lastUsedStep: step })
        .where('user_id = :userId AND (last_used_step IS NULL OR last_used_step < :step)', {
          userId,
          step,
        })
        .execute();
      return result.affected === 1;
    });
  }

  private async useRecoveryCode(userId: string, normalized: string): Promise<boolean> {
    const unused = await this.tx.run((m) =>
      m.findBy(RecoveryCodeEntity, { userId, usedAt: IsNull() }),
    );
    for (const candidate of unused) {
      if (!(await this.hasher.verify(candidate.codeHash, normalized))) continue;
      return this.tx.run(async (m) => {
        const result = await m
          .createQueryBuilder()
          .update(RecoveryCodeEntity)
          .set({ usedAt: new Date() })
          .where('id = :id AND used_at IS NULL', { id: candidate.id })
          .execute();
        return result.affected === 1;
      });
    }
    return false;
  }

  /** While REQUIRE_ADMIN_MFA is on, an admin keeps 2FA. */
  private assertMayTurnOff(user: Principal): void {
    if (this.config.adminMfaRequired && user.roles.includes(Role.Admin))
      throw new DomainError(
        DomainErrorCode.MfaRequired,
        'administrators must keep two-factor authentication on (REQUIRE_ADMIN_MFA)',
      );
  }

  private notify(user: MfaAccount, enabled: boolean): void {
    this.mail.send({
      to: user.email,
      template: 'mfa-changed',
      context: {
        name: user.firstName,
        enabled,
        when: new Date().toISOString(),
        resetLink: this.mail.link('/forgot-password'),
      },
    });
  }
}
