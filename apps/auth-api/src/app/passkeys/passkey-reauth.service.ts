import type { PasskeyAssertionDto, PasskeyOptionsResponse } from '@gatehouse/contracts';
import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { CredentialAttempts } from '../rate-limit/credential-attempts.service';
import { ReauthService } from '../reauth/reauth.service';
import type { Principal } from '../users/principal';
import { ChallengeStore } from './challenge-store.service';
import {
  AssertionRefused,
  PasskeyVerifier,
  refusalOf,
  transportsOf,
} from './passkey-verifier.service';
import { PasskeyEntity } from './passkey.entity';
import { ChallengeKind } from './webauthn-challenge.entity';

const rejected = (message: string) => new DomainError(DomainErrorCode.PasskeyRejected, message);

/**
 * Re-authentication with one of the caller's passkeys, for accounts without a password (and
 * anyone who prefers it): the session's proof becomes fresh exactly as with a password.
 */
@Injectable()
export class PasskeyReauthService {
  constructor(
    private readonly config: AppConfig,
    private readonly challenges: ChallengeStore,
    private readonly verifier: PasskeyVerifier,
    private readonly reauth: ReauthService,
    private readonly attempts: CredentialAttempts,
    private readonly tx: TransactionService,
  ) {}

  async options(user: Principal): Promise<PasskeyOptionsResponse> {
    const passkeys = await this.tx.run((m) => m.findBy(PasskeyEntity, { userId: user.id }));
    if (passkeys.length === 0) throw rejected('this account has no passkey');
    const options = await generateAuthenticationOptions({
      rpID: this.config.WEBAUTHN_RP_ID,
      challenge: this.challenges.newChallenge(),
      timeout: this.config.WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'required',
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    });
    const flowId = await this.challenges.issue(ChallengeKind.Reauthentication, options.challenge, {
      userId: user.id,
      sessionId: user.sessionId,
    });
    return { flowId, options: options as unknown as Record<string, unknown> };
  }

  async reauthenticate(
    user: Principal,
    dto: PasskeyAssertionDto,
    client: ClientContext,
  ): Promise<void> {
    const attempt = await this.attempts.begin('reauthenticate', user.email, client);
    const owner = { userId: user.id, sessionId: user.sessionId };
    const check = await this.challenges.consume(dto.flowId, ChallengeKind.Reauthentication, owner);
    const passkey = await this.tx.run((m) =>
      m.findOneBy(PasskeyEntity, { credentialId: dto.response.id, userId: user.id }),
    );
    if (!check || !passkey) {
      await attempt.failed('passkey_rejected', user.id);
      throw rejected(
        check
          ? 'this passkey is not one of your passkeys'
          : 'this confirmation has expired or was already used; start again',
      );
    }
    try {
      await this.verifier.verify(passkey, dto.response, check, client);
    } catch (error) {
      if (!(error instanceof AssertionRefused)) throw error;
      await attempt.failed('passkey_rejected', user.id);
      throw refusalOf(error, false);
    }
    await attempt.passed();
    await this.reauth.recordProof(user, 'passkey', client);
  }
}
