import { AuditEventType } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../mail/mail.service';
import { addressKey, clientKey } from './limit-keys';
import { RateLimitStore, take } from './rate-limit.store';

/**
 * Where a secret is compared. Sign-in steps fail as `login.failed`, the others (a signed-in
 * user proving it again) as `reauth.failed`.
 */
export type SecretCheck =
  | 'sign_in'
  | 'sign_in_mfa'
  | 'sign_in_mfa_enrollment'
  | 'sign_in_passkey'
  | 'change_password'
  | 'mfa_enable'
  | 'mfa_disable'
  | 'reauthenticate';

export type FailureReason =
  | 'unknown_email'
  | 'wrong_password'
  | 'wrong_mfa_code'
  | 'unknown_passkey'
  | 'passkey_rejected'
  | 'passkey_counter_regressed';

/** One counted attempt, to be closed with what the comparison found. */
export interface CredentialAttempt {
  /** Wrong secret: the attempt stays counted, and it is audited. */
  failed(reason: FailureReason, userId: string | null): Promise<void>;
  /** Right secret, sign-in not complete (the password before 2FA, a re-check): uncounts it. */
  passed(): Promise<void>;
  /** A completed sign-in: the account's counts start again. */
  signedIn(): Promise<void>;
}

interface Counted {
  account: string;
  client: string;
  /** The counts including this attempt. */
  accountCount: number;
  clientCount: number;
}

const SIGN_IN_CHECKS: readonly SecretCheck[] = [
  'sign_in',
  'sign_in_mfa',
  'sign_in_mfa_enrollment',
  'sign_in_passkey',
];
const TOO_MANY = 'too many failed attempts; try again later';

/**
 * Every comparison of a password or a code goes through here, counted before the secret is
 * compared, each count one atomic step (a Lua script in Redis, a synchronous update in memory):
 * a burst of parallel guesses gets exactly the limit's comparisons and 429 for the rest.
 * - Per (account, client IP or /64): RATE_LIMIT_LOGIN_MAX per window. An attacker elsewhere
 *   cannot lock the user out with it (ASVS 6.1.1).
 * - Per account, from everywhere: RATE_LIMIT_ACCOUNT_MAX failures (a completed sign-in clears
 *   them) lock it until a password reset or the window's end, and its owner is mailed.
 * Keys hold a hash of the address (addressKey): unknown addresses count exactly like known ones.
 */
@Injectable()
export class CredentialAttempts {
  private readonly perClient?: RateLimiterAbstract;
  private readonly perAccount?: RateLimiterAbstract;

  constructor(
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    store: RateLimitStore,
  ) {
    if (!config.RATE_LIMIT_ENABLED) return;
    this.perClient = store.limiter({
      keyPrefix: 'attempts',
      points: config.RATE_LIMIT_LOGIN_MAX,
      duration: config.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
    });
    this.perAccount = store.limiter({
      keyPrefix: 'account-failures',
      points: config.RATE_LIMIT_ACCOUNT_MAX,
      duration: config.RATE_LIMIT_ACCOUNT_WINDOW_SECONDS,
    });
  }

  /** Counts one attempt on the account `email` names, or throws RateLimitedError (429). */
  async begin(
    check: SecretCheck,
    email: string,
    client: ClientContext,
  ): Promise<CredentialAttempt> {
    const counted = await this.count(email, client);
    return {
      failed: (reason, userId) => this.failed(check, reason, { email, userId, client }, counted),
      passed: async () => {
        if (counted)
          await Promise.all([
            this.perClient?.reward(counted.client),
            this.perAccount?.reward(counted.account),
          ]);
      },
      signedIn: async () => {
        if (counted)
          await Promise.all([
            this.perClient?.delete(counted.client),
            this.perAccount?.delete(counted.account),
          ]);
      },
    };
  }

  /**
   * A re-check in one call: counts, compares, audits a failure; true if the secret was right.
   * `attempts.verify('reauthenticate', user, client, () => hasher.verify(hash, password))`
   */
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

  /** A password reset proves the owner: the account's lock and failures are forgotten. */
  async unlock(email: string): Promise<void> {
    await this.perAccount?.delete(addressKey(email));
  }

  private async count(email: string, client: ClientContext): Promise<Counted | null> {
    if (!this.perClient || !this.perAccount) return null;
    const account = addressKey(email);
    const pair = `${account}:${clientKey(client.ip)}`;
    const clientCount = await take(this.perClient, pair, TOO_MANY);
    try {
      const accountCount = await take(this.perAccount, account, TOO_MANY);
      return { account, client: pair, accountCount, clientCount };
    } catch (error) {
      await this.perClient.reward(pair); // not made: the account is locked
      throw error;
    }
  }

  private async failed(
    check: SecretCheck,
    reason: FailureReason,
    who: { email: string; userId: string | null; client: ClientContext },
    counted: Counted | null,
  ): Promise<void> {
    const { userId, client } = who;
    const signIn = SIGN_IN_CHECKS.includes(check);
    await this.audit.record({
      type: signIn ? AuditEventType.LoginFailed : AuditEventType.ReauthFailed,
      userId,
      client,
      details: signIn ? { reason } : { check, reason },
    });
    if (counted?.clientCount === this.config.RATE_LIMIT_LOGIN_MAX) {
      await this.audit.record({
        type: AuditEventType.LoginLockedOut,
        userId,
        client,
        details: { windowSeconds: this.config.RATE_LIMIT_LOGIN_WINDOW_SECONDS },
      });
    }
    if (counted?.accountCount === this.config.RATE_LIMIT_ACCOUNT_MAX) await this.locked(who);
  }

  /** The failure that reached the ceiling: audited once, and the owner told what to do. */
  private async locked(who: { email: string; userId: string | null; client: ClientContext }) {
    const failures = this.config.RATE_LIMIT_ACCOUNT_MAX;
    const windowSeconds = this.config.RATE_LIMIT_ACCOUNT_WINDOW_SECONDS;
    await this.audit.record({
      type: AuditEventType.AccountLockedOut,
      userId: who.userId,
      client: who.client,
      details: { failures, windowSeconds },
    });
    if (!who.userId) return;
    this.mail.send({
      to: who.email,
      template: 'account-locked',
      context: {
        failures,
        hours: Math.ceil(windowSeconds / 3600),
        resetLink: this.mail.link('/forgot-password'),
      },
    });
  }
}
