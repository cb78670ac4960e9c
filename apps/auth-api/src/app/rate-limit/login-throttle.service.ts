import { RateLimitedError } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RateLimitStore } from './rate-limit.store';

/**
 * Failed logins per (email, IP): after RATE_LIMIT_LOGIN_MAX failures in the window, further
 * attempts answer 429 until the window ends. Keyed on both, so an attacker elsewhere cannot
 * lock a user out (ASVS 6.1.1), and a success only clears its own (email, IP) count.
 */
@Injectable()
export class LoginThrottle {
  private readonly windowMs: number;

  constructor(
    private readonly config: AppConfig,
    private readonly store: RateLimitStore,
  ) {
    this.windowMs = config.RATE_LIMIT_LOGIN_WINDOW_SECONDS * 1000;
  }

  async assertAllowed(email: string, ip: string | null): Promise<void> {
    if (!this.config.RATE_LIMIT_ENABLED) return;
    const { hits, ttlMs } = await this.store.peek(this.key(email, ip));
    if (hits >= this.config.RATE_LIMIT_LOGIN_MAX) {
      throw new RateLimitedError(
        Math.max(1, Math.ceil(ttlMs / 1000)),
        'too many failed sign-in attempts; try again later',
      );
    }
  }

  /** Counts a failure; true when this one reached the limit (a lockout starts). */
  async recordFailure(email: string, ip: string | null): Promise<boolean> {
    if (!this.config.RATE_LIMIT_ENABLED) return false;
    const { hits } = await this.store.hit(this.key(email, ip), this.windowMs);
    return hits === this.config.RATE_LIMIT_LOGIN_MAX;
  }

  async recordSuccess(email: string, ip: string | null): Promise<void> {
    if (this.config.RATE_LIMIT_ENABLED) await this.store.reset(this.key(email, ip));
  }

  private key(email: string, ip: string | null): string {
    return `login:${email.trim().toLowerCase()}:${ip ?? 'unknown'}`;
  }
}
