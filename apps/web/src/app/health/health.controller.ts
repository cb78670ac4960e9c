import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import type { BreakerState } from '../../auth-api/resilience';

export interface WebHealth {
  status: 'ok' | 'degraded';
  auth: boolean;
  breaker: BreakerState;
}

/**
 * Readiness: auth-api's /health through the same client (its breaker included), never the
 * 503 page: load balancers and probes get JSON whatever happens.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly client: AuthApiClient) {}

  @Get()
  @Header('cache-control', 'no-store')
  async check(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebHealth> {
    const auth = await this.client.health({ traceId: String(request.id) });
    void reply.status(auth ? 200 : 503);
    return { status: auth ? 'ok' : 'degraded', auth, breaker: this.client.breakerState };
  }

  /**
   * Liveness: this process serves, whatever auth-api's state. Container health checks use it,
   * so an auth-api outage does not get healthy web tasks replaced.
   */
  @Get('live')
  @Header('cache-control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
