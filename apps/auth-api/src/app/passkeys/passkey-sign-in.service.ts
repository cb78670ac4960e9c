import type {
  PasskeyAssertionDto,
  PasskeyOptionsResponse,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { LoginService } from '../auth/login.service';
import { MetricsService } from '../metrics/metrics.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { UsersService } from '../users/users.service';
import { ChallengeStore } from './challenge-store.service';
import { AssertionRefused, PasskeyVerifier, refusalOf } from './passkey-verifier.service';
import { PasskeyEntity } from './passkey.entity';
import { ChallengeKind } from './webauthn-challenge.entity';

/** Attempts with a passkey nobody registered are counted per client under this one key. */
const UNKNOWN_PASSKEY = 'unknown-passkey@passkeys.invalid';

const notVerified = (message: string) =>
  new DomainError(DomainErrorCode.PasskeyNotVerified, message);

/**
 * Sign-in with a discoverable passkey: no email first, the authenticator names the account.
 * The passkey was created with user verification, so it is two factors on its own: no TOTP
 * step follows, and it satisfies REQUIRE_ADMIN_MFA. Every assertion is counted like a
 * password (CredentialAttempts) and a failure audited `login.failed`.
 */
@Injectable()
export class PasskeySignInService {
  constructor(
    private readonly config: AppConfig,
    private readonly challenges: ChallengeStore,
    private readonly verifier: PasskeyVerifier,
    private readonly users: UsersService,
    private readonly logins: LoginService,
    private readonly attempts: CredentialAttempts,
    private readonly metrics: MetricsService,
    private readonly tx: TransactionService,
  ) {}

  async options(): Promise<PasskeyOptionsResponse> {
    const options = await generateAuthenticationOptions({
      rpID: this.config.WEBAUTHN_RP_ID,
      challenge: this.challenges.newChallenge(),
      timeout: this.config.WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
      allowCredentials: [],
    });
    const flowId = await this.challenges.issue(
      ChallengeKind.Authentication,
      options.challenge,
      null,
    );
    return { flowId, options: options as unknown as Record<string, unknown> };
  }

  async signIn(dto: PasskeyAssertionDto, client: ClientContext): Promise<TokenPairResponse> {
    const passkey = await this.tx.run((m) =>
      m.findOneBy(PasskeyEntity, { credentialId: dto.response.id }),
    );
    const user = passkey ? await this.users.findById(passkey.userId) : null;
    const attempt = await this.attempts.begin(
      'sign_in_passkey',
      user?.email ?? UNKNOWN_PASSKEY,
      client,
    );
    const fail = async (reason: Parameters<typeof attempt.failed>[0], error: DomainError) => {
      this.metrics.logins.labels('failure').inc();
      await attempt.failed(reason, user?.id ?? null);
      return error;
    };
    // Claimed before anything is checked: of parallel uses of one challenge, one goes on.
    const check = await this.challenges.consume(dto.flowId, ChallengeKind.Authentication, null);
    if (!check)
      throw await fail(
        'passkey_rejected',
        notVerified('this sign-in has expired or was already used; start again'),
      );
    if (!passkey || !user)
      throw await fail('unknown_passkey', notVerified('this passkey is not registered here'));
    try {
      await this.verifier.verify(passkey, dto.response, check, client);
    } catch (error) {
      if (!(error instanceof AssertionRefused)) throw error;
      const reason = error.reason === 'invalid' ? 'passkey_rejected' : 'passkey_counter_regressed';
      throw await fail(reason, refusalOf(error, true));
    }
    const verified = user.isVerified || !this.config.REQUIRE_VERIFIED_EMAIL;
    if (!user.isActive || !verified) {
      await attempt.passed();
      throw user.isActive
        ? new DomainError(
            DomainErrorCode.EmailNotVerified,
            'confirm your email address before signing in',
          )
        : new DomainError(DomainErrorCode.AccountInactive, 'this account is deactivated');
    }
    return this.logins.succeed(
      { id: user.id, email: user.email, roles: user.roles.map((r) => r.name) },
      client,
      attempt,
      true,
      { method: 'passkey', passkeyId: passkey.id },
    );
  }
}
