import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this app instance. A registry of its own (not prom-client's global
 * one) so that several app instances can live in one process, as they do in tests.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'auth_logins_total',
    help: 'Login attempts by result (success, failure)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'http_rate_limited_total',
    help: 'Requests answered 429 Too Many Requests',
    registers: [this.registry],
  });

  readonly refreshReuse = new Counter({
    name: 'auth_refresh_token_reuse_total',
    help: 'Rotated refresh tokens presented again (the session was revoked)',
    registers: [this.registry],
  });

  readonly mails = new Counter({
    name: 'mail_messages_total',
    help: 'Mail messages by outcome (sent, failed after every retry) and template',
    labelNames: ['outcome', 'template'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
