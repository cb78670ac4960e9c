import { HealthResponse } from '@gatehouse/contracts';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/decorators/public.decorator';
import { TransactionService } from '../../database/transaction.service';
import { RateLimitStore } from '../rate-limit/rate-limit.store';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly rateLimits: RateLimitStore,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Readiness: the database answers and takes writes (SQLite: not after a full disk, see
   * WriteHealth), and Redis answers when one is configured.
   */
  @Get()
  @ApiOkResponse({ type: HealthResponse, example: { status: 'ok', db: true, redis: false } })
  @ApiServiceUnavailableResponse({
    type: HealthResponse,
    example: { status: 'degraded', db: false, redis: false },
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      this.health
        .check([() => this.db.pingCheck('db', { timeout: 1500 })])
        .then(() => this.tx.writable)
        .catch(() => false),
      this.rateLimits.redisHealthy(),
    ]);
    // Redis counts only when configured: without it the in-memory limiter is the design.
    const healthy = db && (redis || !this.rateLimits.redisConfigured);
    void reply.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', db, redis };
  }

  /** Liveness: the process is running and serving. */
  @Get('live')
  @ApiOkResponse({ example: { status: 'ok' } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
