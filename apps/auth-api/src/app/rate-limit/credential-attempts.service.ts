import { AuditEventType, RateLimitedError } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { ClientContext } from '../sessions/client-context';
import { RateLimitStore } from './rate-limit.store';

/** Where a secret is compared. Sign-in steps fail as `login.failed`, the others `reauth.failed`. */
export type SecretCheck =
  | 'sign_in'
  | 'sign_in_mfa'
  | 'change_password'
  | 'mfa_enable'
  | 'mfa_disable';

export type FailureReason = 'unknown_email' | 'wrong_password' | 'wrong_mfa_code';

/** One counted attempt, to be closed with what the comparison found. */
export interface CredentialAttempt {
  /** Wrong secret: the attempt stays counted, and it is audited. */
  failed(reason: FailureReason, userId: string | null): Promise<void>;
  /** Right secret, sign-in not complete (the password before 2FA, a re-check): uncounts it. */
  passed(): Promise<void>;
  /** A completed sign-in: this (account, client)'s count starts again. */
  signedIn(): Promise<void>;
}

const SIGN_IN_CHECKS: readonly SecretCheck[] = ['sign_in', 'sign_in_mfa'];
const TOO_MANY = 'too many failed attempts; try again later';

/**
 * Every comparison of a password or a code goes through here. The attempt is counted before
 * the secret is compared, in one atomic step (a Lua script in Redis, or a synchronous update
 * in memory), so a burst of parallel guesses gets exactly RATE_LIMIT_LOGIN_MAX comparisons per
 * (account, client) and 429 for the rest. Keyed on both, so an attacker elsewhere cannot lock
 * the user out (ASVS 6.1.1); unknown addresses are counted exactly like known ones.
 */
@Injectable()
export class CredentialAttempts {
  private readonly perClient?: RateLimiterAbstract;

  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    store: RateLimitStore,
  ) {
    if (!config.RATE_LIMIT_ENABLED) return;
    this.perClient = store.limiter({
      keyPrefix: 'attempts',
      points: config.RATE_LIMIT_LOGIN_MAX,
      duration: config.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
    });
  }

  /** Counts one attempt on the account `email` names, or throws RateLimitedError (429). */
  async begin(
    check: SecretCheck,
    email: string,
    client: ClientContext,
  ): Promise<CredentialAttempt> {
    const limiter = this.perClient;
    const key = `${email}:${client.ip ?? 'unknown'}`;
    const count = limiter ? await take(limiter, key) : 0;
    return {
      failed: (reason, userId) => this.failed(check, reason, userId, client, count),
      passed: async () => {
        await limiter?.reward(key);
      },
      signedIn: async () => {
        await limiter?.delete(key);
      },
    };
  }

  /** A re-check in one call: counts it, compares, audits a failure; true if the secret was right. */
  async verify(
    check: SecretCheck,
    user: { id: string; email: string },
    client: ClientContext,
    compare: () => Promise<boolean>,
    reason: FailureReason = 'wrong_password',
  ): Promise<boolean> {
    const attempt = await this.begin(check, user.email, client);
    if (await compare()) {
      await attempt.passed();
      return true;
    }
    await attempt.failed(reason, user.id);
    return false;
  }

  private async failed(
    check: SecretCheck,
    reason: FailureReason,
    userId: string | null,
    client: ClientContext,
    count: number,
  ): Promise<void> {
    const signIn = SIGN_IN_CHECKS.includes(check);
    await this.audit.record({
      type: signIn ? AuditEventType.LoginFailed : AuditEventType.ReauthFailed,
      userId,
      client,
      details: signIn ? { reason } : { check, reason },
    });
    if (count === this.config.RATE_LIMIT_LOGIN_MAX) {
      await this.audit.record({
        type: AuditEventType.LoginLockedOut,
        userId,
        client,
        details: { windowSeconds: this.config.RATE_LIMIT_LOGIN_WINDOW_SECONDS },
      });
    }
  }
}

/** Consumes a point; the count so far, or RateLimitedError once the limit is spent. */
async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    return (await limiter.consume(key)).consumedPoints;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), TOO_MANY);
  }
}
