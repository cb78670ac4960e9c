import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** Times every response, labelled by route template (never the raw URL: bounded labels). */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route !== '/metrics') {
        this.metrics.httpDuration
          .labels(request.method, route, String(reply.statusCode))
          .observe(reply.elapsedTime / 1000);
      }
      if (reply.statusCode === 429) this.metrics.rateLimited.inc();
      done();
    });
  }
}
