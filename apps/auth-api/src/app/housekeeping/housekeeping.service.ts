import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LessThan } from 'typeorm';
import { TransactionService } from '../../database/transaction.service';
import { ActionTokenEntity } from '../action-tokens/action-token.entity';
import { SessionAuthTimeEntity } from '../reauth/session-auth-time.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';

const HOUR_MS = 3_600_000;
/** Dead tokens are kept a day after they died, for investigations, then deleted. */
const KEEP_MS = 24 * HOUR_MS;

/**
 * Every rotation adds a refresh-token row; this deletes, hourly, the tokens that died more than
 * a day ago, so the tables stay the size of live data:
 * - a session's rows once the whole session is dead (ended by logout, logout-all, an admin, a
 *   password or 2FA change or a detected reuse, or past its idle or absolute expiry): a live
 *   session keeps its rotated tokens, which reuse detection and the grace window need;
 * - a one-time token once it was used (or superseded) or expired.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly tx: TransactionService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.purge().catch((e: Error) => this.logger.warn(`purge failed: ${e.message}`)),
      HOUR_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(
    now = new Date(),
  ): Promise<{ refreshTokens: number; actionTokens: number; sessionAuthTimes: number }> {
    const before = new Date(now.getTime() - KEEP_MS);
    return this.tx.run(async (m) => {
      // A session is dead from its last revocation or expiry; its rows go a day after that.
      const refresh = await m
        .createQueryBuilder()
        .delete()
        .from(RefreshTokenEntity)
        .where(
          `family_id NOT IN (SELECT family_id FROM refresh_tokens
             WHERE (revoked_at IS NULL AND expires_at > :before AND family_expires_at > :before)
                OR revoked_at > :before)`,
          { before },
        )
        .execute();
      const action = await m.delete(ActionTokenEntity, [
        { expiresAt: LessThan(before) },
        { usedAt: LessThan(before) },
      ]);
      // A session's re-authentication time goes with the session's last token.
      const proofs = await m
        .createQueryBuilder()
        .delete()
        .from(SessionAuthTimeEntity)
        .where('family_id NOT IN (SELECT family_id FROM refresh_tokens)')
        .execute();
      return {
        refreshTokens: refresh.affected ?? 0,
        actionTokens: action.affected ?? 0,
        sessionAuthTimes: proofs.affected ?? 0,
      };
    });
  }
}
