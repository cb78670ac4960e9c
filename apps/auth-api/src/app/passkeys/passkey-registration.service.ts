import type {
  PasskeyOptionsResponse,
  PasskeyResponse,
  RegisterPasskeyDto,
} from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import {
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { randomUUID } from 'node:crypto';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../../database/database-errors';
import { TransactionService } from '../../database/transaction.service';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../users/principal';
import { ChallengeStore } from './challenge-store.service';
import { messageOf, transportsOf } from './passkey-verifier.service';
import { PasskeyEntity } from './passkey.entity';
import { toPasskeyResponse } from './passkey.mapper';
import { ChallengeKind } from './webauthn-challenge.entity';

const rejected = (message: string) => new DomainError(DomainErrorCode.PasskeyRejected, message);

/**
 * Adding a passkey: options bound to the caller's session, then the authenticator's answer.
 * Discoverable credentials (sign-in without an email) with user verification (the passkey is
 * two factors by itself); attestation `none`: any authenticator is welcome.
 */
@Injectable()
export class PasskeyRegistrationService {
  constructor(
    private readonly config: AppConfig,
    private readonly challenges: ChallengeStore,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  async options(user: Principal): Promise<PasskeyOptionsResponse> {
    const existing = await this.tx.run((m) => m.findBy(PasskeyEntity, { userId: user.id }));
    const options = await generateRegistrationOptions({
      rpName: this.config.WEBAUTHN_RP_NAME,
      rpID: this.config.WEBAUTHN_RP_ID,
      userName: user.email,
      userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email,
      // The user handle is the account id: a sign-in assertion names its account with it.
      userID: new TextEncoder().encode(user.id),
      challenge: this.challenges.newChallenge(),
      timeout: this.config.WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: transportsOf(p),
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const flowId = await this.challenges.issue(ChallengeKind.Registration, options.challenge, {
      userId: user.id,
      sessionId: user.sessionId,
    });
    return { flowId, options: options as unknown as Record<string, unknown> };
  }

  async register(
    user: Principal,
    dto: RegisterPasskeyDto,
    client: ClientContext,
  ): Promise<PasskeyResponse> {
    const owner = { userId: user.id, sessionId: user.sessionId };
    const check = await this.challenges.consume(dto.flowId, ChallengeKind.Registration, owner);
    if (!check) throw rejected('this registration has expired or was already used; start again');
    const info = await this.verify(dto.response as unknown as RegistrationResponseJSON, check);
    const passkey = Object.assign(new PasskeyEntity(), {
      id: randomUUID(),
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      transports: (dto.response.response.transports ?? []).join(','),
      aaguid: info.aaguid,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      lastUsedAt: null,
    });
    try {
      await this.tx.run(async (m) => {
        const count = await m.countBy(PasskeyEntity, { userId: user.id });
        passkey.name = dto.name ?? `Passkey ${count + 1}`;
        await m.insert(PasskeyEntity, passkey);
        await this.audit.recordIn(m, {
          type: AuditEventType.PasskeyAdded,
          userId: user.id,
          client,
          details: { passkeyId: passkey.id, name: passkey.name, deviceType: passkey.deviceType },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw rejected('this passkey is already registered');
      throw error;
    }
    const stored = await this.tx.run((m) => m.findOneByOrFail(PasskeyEntity, { id: passkey.id }));
    return toPasskeyResponse(stored);
  }

  private async verify(response: RegistrationResponseJSON, check: (c: string) => boolean) {
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: check,
        expectedOrigin: this.config.WEBAUTHN_ORIGINS,
        expectedRPID: this.config.WEBAUTHN_RP_ID,
        requireUserVerification: true,
      });
      if (!result.verified) throw new Error('the attestation does not verify');
      return result.registrationInfo;
    } catch (error) {
      throw rejected(`the passkey was not accepted: ${messageOf(error)}`);
    }
  }
}
