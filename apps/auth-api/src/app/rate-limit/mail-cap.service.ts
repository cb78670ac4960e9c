import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { addressKey } from './limit-keys';
import { RateLimitStore } from './rate-limit.store';

/**
 * At most RATE_LIMIT_EMAIL_MAX mails of one kind to one address per window, whoever asks. It is
 * silent: the request is answered alike either way, so it neither reveals the account nor lets
 * anyone block the owner's requests; it only keeps an inbox from being flooded.
 */
@Injectable()
export class MailCap {
  private readonly limiter?: RateLimiterAbstract;

  constructor(config: AppConfig, store: RateLimitStore) {
    if (!config.RATE_LIMIT_ENABLED) return;
    this.limiter = store.limiter({
      keyPrefix: 'mails',
      points: config.RATE_LIMIT_EMAIL_MAX,
      duration: config.RATE_LIMIT_EMAIL_WINDOW_SECONDS,
    });
  }

  /** Counts one `kind` mail to `email`; false when the cap is reached (send nothing). */
  async allows(kind: string, email: string): Promise<boolean> {
    if (!this.limiter) return true;
    try {
      await this.limiter.consume(`${kind}:${addressKey(email)}`);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }
}
