import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import type { ChallengeCheck } from './challenge-store.service';
import { PasskeyEntity } from './passkey.entity';

/** Why an assertion was refused; the callers turn it into their own error and count it. */
export class AssertionRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'counter_regressed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a passkey's signature over a consumed challenge: origin in WEBAUTHN_ORIGINS, RP ID,
 * user presence and verification, the user handle, and the signature counter. A counter that
 * does not move forward (when either side is non-zero) is refused and audited
 * `passkey.counter_regressed`: two authenticators hold one key, one of them a clone. On
 * success the counter, last use and backup state are stored.
 */
@Injectable()
export class PasskeyVerifier {
  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async verify(
    passkey: PasskeyEntity,
    response: AuthenticationResponseJSON,
    check: ChallengeCheck,
    client: ClientContext,
  ): Promise<void> {
    const info = await this.signature(passkey, response, check);
    const stored = passkey.signCount;
    if ((stored > 0 || info.newCounter > 0) && info.newCounter <= stored) {
      await this.audit.record({
        type: AuditEventType.PasskeyCounterRegressed,
        userId: passkey.userId,
        client,
        details: {
          passkeyId: passkey.id,
          credentialId: passkey.credentialId,
          storedCounter: stored,
          receivedCounter: info.newCounter,
        },
      });
      throw new AssertionRefused(
        'counter_regressed',
        'this passkey’s signature counter went backwards, as a copied authenticator’s does; ' +
          'sign in another way and check your passkeys',
      );
    }
    await this.tx.run((m) =>
      m.update(
        PasskeyEntity,
        { id: passkey.id },
        { signCount: info.newCounter, lastUsedAt: new Date(), backedUp: info.credentialBackedUp },
      ),
    );
  }

  private async signature(
    passkey: PasskeyEntity,
    response: AuthenticationResponseJSON,
    check: ChallengeCheck,
  ) {
    const handle = response.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId)
      throw new AssertionRefused('invalid', 'the passkey does not belong to this account');
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: check,
        expectedOrigin: this.config.WEBAUTHN_ORIGINS,
        expectedRPID: this.config.WEBAUTHN_RP_ID,
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          // Compared here, not by the library, so a regression can be told from a bad signature.
          counter: 0,
          transports: transportsOf(passkey),
        },
      });
      if (!result.verified) throw new Error('the signature does not verify');
      return result.authenticationInfo;
    } catch (error) {
      throw new AssertionRefused('invalid', `the passkey was not accepted: ${messageOf(error)}`);
    }
  }
}

export function transportsOf(passkey: PasskeyEntity): AuthenticatorTransportFuture[] {
  return passkey.transports
    ? (passkey.transports.split(',') as AuthenticatorTransportFuture[])
    : [];
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The refusal as a domain error: 401 at sign-in, 400 for a signed-in user's proof. */
export function refusalOf(error: AssertionRefused, signIn: boolean): DomainError {
  if (error.reason === 'counter_regressed')
    return new DomainError(DomainErrorCode.PasskeyCounterRegressed, error.message);
  return new DomainError(
    signIn ? DomainErrorCode.PasskeyNotVerified : DomainErrorCode.PasskeyRejected,
    error.message,
  );
}
