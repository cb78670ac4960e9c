import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import { MfaService, type SecondFactor } from '../mfa/mfa.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { SessionRepository } from '../sessions/session.repository';
import type { Principal } from '../users/principal';
import { UsersService } from '../users/users.service';
import { SessionAuthTimeEntity } from './session-auth-time.entity';

/** A credential shown again: the password, or a TOTP or recovery code when 2FA is on. */
export type Proof = { password: string } | { code: string };

/**
 * Sudo mode (ASVS 7.5.1, 7.5.2). A session counts as recently authenticated for
 * REAUTH_MAX_AGE_SECONDS after its sign-in or its last re-authentication. Every proof is
 * counted before it is compared (CredentialAttempts), a wrong one is audited `reauth.failed`,
 * a right one `reauth.succeeded`, and it makes the session's proof fresh.
 */
@Injectable()
export class ReauthService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly mfa: MfaService,
    private readonly attempts: CredentialAttempts,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
    private readonly sessions: SessionRepository,
  ) {}

  /** When the session last proved a credential: its re-authentication, else its sign-in. */
  authenticatedAt(user: Pick<Principal, 'id' | 'sessionId'>): Promise<Date | null> {
    return this.tx.run(async (m) => {
      const proved = await m.findOneBy(SessionAuthTimeEntity, {
        familyId: user.sessionId,
        userId: user.id,
      });
      if (proved) return proved.authenticatedAt;
      return this.sessions.signedInAt(m, user.sessionId, user.id);
    });
  }

  async isRecent(user: Pick<Principal, 'id' | 'sessionId'>, now = new Date()): Promise<boolean> {
    const at = await this.authenticatedAt(user);
    return at !== null && now.getTime() - at.getTime() <= this.config.REAUTH_MAX_AGE_SECONDS * 1000;
  }

  /** Checks the proof (counted; 429 past the limit); WRONG_PASSWORD or WRONG_MFA_CODE if wrong. */
  async reauthenticate(user: Principal, proof: Proof, client: ClientContext): Promise<void> {
    const method =
      'password' in proof
        ? await this.checkPassword(user, proof.password, client)
        : await this.checkCode(user, proof.code, client);
    await this.recordProof(user, method, client);
  }

  /**
   * Makes the session's proof fresh and audits `reauth.succeeded` with the method: the
   * password or code checked above, or a passkey (PasskeyReauthService).
   */
  async recordProof(
    user: Pick<Principal, 'id' | 'sessionId'>,
    method: SecondFactor | 'password' | 'passkey',
    client: ClientContext,
  ): Promise<void> {
    await this.tx.run(async (m) => {
      await m.upsert(
        SessionAuthTimeEntity,
        { familyId: user.sessionId, userId: user.id, authenticatedAt: new Date() },
        ['familyId'],
      );
      await this.audit.recordIn(m, {
        type: AuditEventType.ReauthSucceeded,
        userId: user.id,
        client,
        details: { method, sessionId: user.sessionId },
      });
      if (method === 'recovery')
        await this.audit.recordIn(m, {
          type: AuditEventType.MfaRecoveryCodeUsed,
          userId: user.id,
          client,
        });
    });
  }

  private async checkPassword(
    user: Principal,
    password: string,
    client: ClientContext,
  ): Promise<'password'> {
    const stored = await this.users.findById(user.id);
    const right =
      stored !== null &&
      (await this.attempts.verify('reauthenticate', stored, client, () =>
        this.hasher.verify(stored.passwordHash, password),
      ));
    if (!right) throw new DomainError(DomainErrorCode.WrongPassword, 'password is incorrect');
    return 'password';
  }

  private async checkCode(
    user: Principal,
    code: string,
    client: ClientContext,
  ): Promise<SecondFactor> {
    if (!user.mfaEnabled)
      throw new DomainError(
        DomainErrorCode.MfaNotEnabled,
        'two-factor authentication is off; confirm with the password',
      );
    const used: { factor: SecondFactor | null } = { factor: null };
    const right = await this.attempts.verify(
      'reauthenticate',
      user,
      client,
      async () => (used.factor = await this.mfa.verify(user.id, code)) !== null,
      'wrong_mfa_code',
    );
    if (!right || !used.factor)
      throw new DomainError(DomainErrorCode.WrongMfaCode, 'the code is wrong or expired');
    return used.factor;
  }
}
