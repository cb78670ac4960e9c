import type { MfaEnrollmentCompletedResponse, MfaSetupResponse } from '@gatehouse/contracts';
import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { TransactionService } from '../../database/transaction.service';
import { ActionPurpose } from '../action-tokens/action-token.entity';
import { ActionTokensService } from '../action-tokens/action-tokens.service';
import { MetricsService } from '../metrics/metrics.service';
import { MfaService } from '../mfa/mfa.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginService } from './login.service';

const EXPIRED = 'the enrolment step has expired; sign in again';

/**
 * The sign-in of an admin without 2FA while REQUIRE_ADMIN_MFA is on: the password step gave an
 * enrolment token (single use, stored hashed, bound to the user); with it the admin sets up an
 * authenticator, and confirming a code from it turns 2FA on and completes the sign-in.
 */
@Injectable()
export class MfaEnrollmentService {
  constructor(
    private readonly users: UsersService,
    private readonly actionTokens: ActionTokensService,
    private readonly mfa: MfaService,
    private readonly attempts: CredentialAttempts,
    private readonly logins: LoginService,
    private readonly metrics: MetricsService,
    private readonly tx: TransactionService,
  ) {}

  async setup(enrollmentToken: string): Promise<MfaSetupResponse> {
    return this.mfa.setupFor(await this.holderOf(enrollmentToken));
  }

  /** A code from the new authenticator, counted like a sign-in code before it is checked. */
  async enable(
    enrollmentToken: string,
    code: string,
    client: ClientContext,
  ): Promise<MfaEnrollmentCompletedResponse> {
    const user = await this.holderOf(enrollmentToken);
    const attempt = await this.attempts.begin('sign_in_mfa_enrollment', user.email, client);
    // Any refusal but a wrong code uncounts the attempt (a right code short of a sign-in).
    const uncounted = async (error: unknown): Promise<never> => {
      await attempt.passed();
      throw error;
    };
    const match = await this.mfa.matchPending(user.id, code).catch(uncounted);
    if (!match) {
      this.metrics.logins.labels('failure').inc();
      await attempt.failed('wrong_mfa_code', user.id);
      throw new DomainError(DomainErrorCode.InvalidMfaCode, 'the code is wrong or expired');
    }
    const consumed = await this.tx.run((m) =>
      this.actionTokens.consume(m, enrollmentToken, ActionPurpose.MfaEnrollment),
    );
    if (!consumed) {
      await attempt.passed();
      throw new DomainError(DomainErrorCode.InvalidCredentials, EXPIRED);
    }
    const recoveryCodes = await this.mfa.activatePending(user, match, client).catch(uncounted);
    const tokens = await this.logins.succeed(
      { id: user.id, email: user.email, roles: user.roles.map((r) => r.name) },
      client,
      attempt,
      true,
    );
    return { ...tokens, recoveryCodes };
  }

  /** The account a live enrolment token belongs to; an unknown, used or expired one is 401. */
  private async holderOf(enrollmentToken: string): Promise<UserEntity> {
    const pending = await this.tx.run((m) =>
      this.actionTokens.find(m, enrollmentToken, ActionPurpose.MfaEnrollment),
    );
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!pending || !user?.isActive)
      throw new DomainError(DomainErrorCode.InvalidCredentials, EXPIRED);
    return user;
  }
}
