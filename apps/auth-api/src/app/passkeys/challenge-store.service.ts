import { Injectable } from '@nestjs/common';
import { randomFillSync, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { toSqlDate } from '../../database/sql-dates';
import { TransactionService } from '../../database/transaction.service';
import { hashToken } from '../sessions/opaque-token';
import { ChallengeKind, WebAuthnChallengeEntity } from './webauthn-challenge.entity';

/** Whose session a registration or re-authentication challenge belongs to. */
export interface ChallengeOwner {
  userId: string;
  sessionId: string;
}

/** Checks the challenge a client signed against the one stored (by hash) for its flow. */
export type ChallengeCheck = (challenge: string) => boolean;

/**
 * WebAuthn challenges in the database, so any auth-api process can finish a ceremony another
 * one started. 32 random bytes each, stored as SHA-256, good for one flow kind and owner,
 * for WEBAUTHN_CHALLENGE_TTL_SECONDS, and once: `consume` claims the row with one conditional
 * UPDATE before anything is verified, so of parallel uses exactly one gets it.
 */
@Injectable()
export class ChallengeStore {
  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
  ) {}

  /** 32 fresh random bytes, for the options (which carry them base64url-encoded). */
  newChallenge(): Uint8Array<ArrayBuffer> {
    return randomFillSync(new Uint8Array(new ArrayBuffer(32)));
  }

  /** Stores the challenge (base64url, as the options carry it); returns the flow id. */
  async issue(
    kind: ChallengeKind,
    challenge: string,
    owner: ChallengeOwner | null,
  ): Promise<string> {
    const id = randomUUID();
    const ttl = this.config.WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000;
    await this.tx.run((m) =>
      m.insert(WebAuthnChallengeEntity, {
        id,
        kind,
        userId: owner?.userId ?? null,
        sessionId: owner?.sessionId ?? null,
        challengeHash: hashToken(challenge),
        expiresAt: new Date(Date.now() + ttl),
        usedAt: null,
      }),
    );
    return id;
  }

  /**
   * Uses the flow's challenge up and returns its check; null when the flow is unknown, of
   * another kind or owner, expired, used, or just claimed by a parallel request.
   */
  consume(
    flowId: string,
    kind: ChallengeKind,
    owner: ChallengeOwner | null,
  ): Promise<ChallengeCheck | null> {
    return this.tx.run(async (m) => {
      const row = await m.findOneBy(WebAuthnChallengeEntity, { id: flowId });
      if (!row || row.kind !== kind) return null;
      if (row.userId !== (owner?.userId ?? null) || row.sessionId !== (owner?.sessionId ?? null))
        return null;
      if (!(await this.claim(m, flowId))) return null;
      return (challenge: string) => hashToken(challenge) === row.challengeHash;
    });
  }

  private async claim(m: EntityManager, flowId: string): Promise<boolean> {
    const now = new Date();
    const dialect = m.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
    const claimed = await m
      .createQueryBuilder()
      .update(WebAuthnChallengeEntity)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND expires_at > :now', {
        id: flowId,
        now: toSqlDate(dialect, now),
      })
      .execute();
    return claimed.affected === 1;
  }
}
