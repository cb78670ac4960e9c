import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LessThan } from 'typeorm';
import { TransactionService } from '../../database/transaction.service';
import { ActionTokenEntity } from '../action-tokens/action-token.entity';
import { WebAuthnChallengeEntity } from '../passkeys/webauthn-challenge.entity';
import { SessionRepository } from '../sessions/session.repository';
import { SsoFlowEntity } from '../sso/sso-flow.entity';

const HOUR_MS = 3_600_000;
/** Dead tokens are kept a day after they died, for investigations, then deleted. */
const KEEP_MS = 24 * HOUR_MS;

/**
 * Every rotation adds a refresh-token row; this deletes, hourly, the tokens that died more than
 * a day ago, so the tables stay the size of live data:
 * - a session's rows once the whole session is dead (ended by logout, logout-all, an admin, a
 *   password or 2FA change or a detected reuse, or past its idle or absolute expiry): a live
 *   session keeps its rotated tokens, which reuse detection and the grace window need;
 * - a one-time token once it was used (or superseded) or expired;
 * - a WebAuthn challenge once it expired (used ones expire minutes later anyway).
 * - a single sign-on flow or pending link once it expired (used or not: a sign-in flow's row
 *   says its session was opened by a provider, which matters only while that sign-in is recent).
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tx: TransactionService,
    private readonly sessions: SessionRepository,
  ) {}

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

  async purge(now = new Date()): Promise<{
    refreshTokens: number;
    actionTokens: number;
    sessionAuthTimes: number;
    webauthnChallenges: number;
    ssoFlows: number;
  }> {
    const before = new Date(now.getTime() - KEEP_MS);
    return this.tx.run(async (m) => {
      // A dead session's rows go a day after it died, with its re-authentication time.
      const sessions = await this.sessions.purgeDead(m, before);
      const action = await m.delete(ActionTokenEntity, [
        { expiresAt: LessThan(before) },
        { usedAt: LessThan(before) },
      ]);
      const challenges = await m.delete(WebAuthnChallengeEntity, { expiresAt: LessThan(before) });
      const flows = await m.delete(SsoFlowEntity, { expiresAt: LessThan(before) });
      return {
        webauthnChallenges: challenges.affected ?? 0,
        refreshTokens: sessions.refreshTokens,
        actionTokens: action.affected ?? 0,
        sessionAuthTimes: sessions.sessionAuthTimes,
        ssoFlows: flows.affected ?? 0,
      };
    });
  }
}
