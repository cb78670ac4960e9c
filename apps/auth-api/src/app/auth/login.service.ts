import type {
  LoginDto,
  MfaEnrollmentRequiredResponse,
  MfaLoginDto,
  MfaRequiredResponse,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode, Role } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { ActionPurpose } from '../action-tokens/action-token.entity';
import { ActionTokensService } from '../action-tokens/action-tokens.service';
import { AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { MfaService } from '../mfa/mfa.service';
import { PasswordHasher } from '../password/password-hasher.service';
import {
  type CredentialAttempt,
  CredentialAttempts,
} from '../rate-limit/credential-attempts.service';
import { SessionsService } from '../sessions/sessions.service';
import { CredentialsRepository } from '../users/credentials.repository';
import { UsersService } from '../users/users.service';
import { TokenIssuer } from './tokens/token-issuer';

const INVALID_CREDENTIALS = 'invalid email or password';

/** Who a successful sign-in opens a session for. */
export interface SignedInUser {
  id: string;
  email: string;
  roles: string[];
}

/** An account whose first factor (password, provider) passed. */
export interface FirstFactorPassed {
  id: string;
  mfaEnabled: boolean;
  roles: readonly string[];
}

/** Sign-in: password, then the second factor when the account has one. */
@Injectable()
export class LoginService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly actionTokens: ActionTokensService,
    private readonly mfa: MfaService,
    private readonly attempts: CredentialAttempts,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Unknown email and wrong password answer alike, after the same argon2 work. The attempt is
   * counted before the password is compared; a correct password on an account with 2FA only
   * opens the second step, and an admin without 2FA (REQUIRE_ADMIN_MFA) only its enrolment.
   */
  async login(
    dto: LoginDto,
    client: ClientContext,
  ): Promise<TokenPairResponse | MfaRequiredResponse | MfaEnrollmentRequiredResponse> {
    const attempt = await this.attempts.begin('sign_in', dto.email, client);
    const user = await this.credentials.findByEmail(dto.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, dto.password)
      : await this.hasher.verifyAgainstDummy(dto.password);
    if (!user || !valid) {
      this.metrics.logins.labels('failure').inc();
      await attempt.failed(user ? 'wrong_password' : 'unknown_email', user?.id ?? null);
      throw new DomainError(DomainErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }
    const verified = user.isVerified || !this.config.REQUIRE_VERIFIED_EMAIL;
    const mustEnrol = this.mustEnrol(user);
    // Short of a completed sign-in, a right password only uncounts its own attempt.
    if (!user.isActive || !verified || user.mfaEnabled || mustEnrol) await attempt.passed();
    if (!user.isActive)
      throw new DomainError(DomainErrorCode.AccountInactive, 'this account is deactivated');
    if (!verified) {
      throw new DomainError(
        DomainErrorCode.EmailNotVerified,
        'confirm your email address before signing in',
      );
    }
    if (this.hasher.isOutdated(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    const step = await this.nextStep(user);
    if (step) return step;
    return this.succeed(user, client, attempt, false);
  }

  /**
   * What a first factor that passed leads to short of a session: the 2FA step for an account
   * with 2FA, enrolment for an admin without it (REQUIRE_ADMIN_MFA); null when none is due.
   * Provider sign-ins take the same steps (a provider is one factor).
   */
  async nextStep(
    user: FirstFactorPassed,
  ): Promise<MfaRequiredResponse | MfaEnrollmentRequiredResponse | null> {
    if (user.mfaEnabled) {
      const ttl = this.config.MFA_TOKEN_TTL_SECONDS;
      const mfaToken = await this.tx.run((m) =>
        this.actionTokens.issue(m, user.id, ActionPurpose.MfaLogin, ttl),
      );
      return { mfa_required: true, mfa_token: mfaToken };
    }
    if (this.mustEnrol(user)) {
      const ttl = this.config.MFA_ENROLLMENT_TOKEN_TTL_SECONDS;
      const enrollmentToken = await this.tx.run((m) =>
        this.actionTokens.issue(m, user.id, ActionPurpose.MfaEnrollment, ttl),
      );
      return { mfa_enrollment_required: true, enrollment_token: enrollmentToken };
    }
    return null;
  }

  private mustEnrol(user: FirstFactorPassed): boolean {
    return this.config.adminMfaRequired && !user.mfaEnabled && user.roles.includes(Role.Admin);
  }

  /** The second step: a TOTP or recovery code, counted like a password before it is checked. */
  async loginWithMfa(dto: MfaLoginDto, client: ClientContext): Promise<TokenPairResponse> {
    const pending = await this.tx.run((m) =>
      this.actionTokens.find(m, dto.mfa_token, ActionPurpose.MfaLogin),
    );
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!pending || !user?.isActive) {
      throw new DomainError(
        DomainErrorCode.InvalidCredentials,
        'the sign-in step has expired; sign in again',
      );
    }
    const attempt = await this.attempts.begin('sign_in_mfa', user.email, client);
    const factor = await this.mfa.verify(user.id, dto.code);
    if (!factor) {
      this.metrics.logins.labels('failure').inc();
      await attempt.failed('wrong_mfa_code', user.id);
      throw new DomainError(DomainErrorCode.InvalidMfaCode, 'the code is wrong or expired');
    }
    const consumed = await this.tx.run((m) =>
      this.actionTokens.consume(m, dto.mfa_token, ActionPurpose.MfaLogin),
    );
    if (!consumed) {
      await attempt.passed();
      throw new DomainError(
        DomainErrorCode.InvalidCredentials,
        'the sign-in step has expired; sign in again',
      );
    }
    if (factor === 'recovery') {
      await this.audit.record({
        type: AuditEventType.MfaRecoveryCodeUsed,
        userId: user.id,
        client,
      });
    }
    return this.succeed(
      { id: user.id, email: user.email, roles: user.roles.map((r) => r.name) },
      client,
      attempt,
      true,
    );
  }

  /**
   * Opens the session of a sign-in whose every step passed; `attempt` is its last check, and
   * `details` go to its `login.succeeded` event (a passkey sign-in names its method and key).
   */
  async succeed(
    user: SignedInUser,
    client: ClientContext,
    attempt: CredentialAttempt,
    withMfa: boolean,
    details: Record<string, unknown> = {},
  ): Promise<TokenPairResponse> {
    return (await this.open(user, client, attempt, withMfa, details)).tokens;
  }

  /** succeed, telling the session's id too; `via` adds to the login.succeeded details. */
  async open(
    user: SignedInUser,
    client: ClientContext,
    attempt: CredentialAttempt,
    withMfa: boolean,
    via: Record<string, unknown> = {},
  ): Promise<{ tokens: TokenPairResponse; sessionId: string }> {
    await attempt.signedIn();
    this.metrics.logins.labels('success').inc();
    const issued = await this.sessions.start(user.id, client, (sessionId) => ({
      type: AuditEventType.LoginSucceeded,
      userId: user.id,
      client,
      details: { sessionId, mfa: withMfa, ...via },
    }));
    const tokens = this.tokens.pair({ id: user.id, roles: user.roles }, issued);
    return { tokens, sessionId: issued.sessionId };
  }
}
