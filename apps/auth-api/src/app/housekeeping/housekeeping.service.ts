import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LessThan } from 'typeorm';
import { TransactionService } from '../../database/transaction.service';
import { ActionTokenEntity } from '../account/action-token.entity';
import { SessionAuthTimeEntity } from '../reauth/session-auth-time.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';

const HOUR_MS = 3_600_000;
/** Dead tokens are kept a day for investigations, then deleted. */
const KEEP_MS = 24 * HOUR_MS;

/**
 * Every rotation adds a refresh-token row; this deletes the rows of sessions and one-time
 * tokens that expired more than a day ago, hourly, so the tables stay the size of live data.
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
      const refresh = await m.delete(RefreshTokenEntity, { familyExpiresAt: LessThan(before) });
      const action = await m.delete(ActionTokenEntity, { expiresAt: LessThan(before) });
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
