import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { traceIdOf } from '../common/http/trace-id';
import { AppConfig } from '../config/app-config';

/** Never written to a log, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.mfa_token',
  '*.code',
  '*.secret',
];

const QUIET_PATHS = new Set(['/health', '/health/live', '/metrics']);

/**
 * pino for every log line: JSON in production, pretty in development. Each request's trace id
 * (a valid incoming X-Request-Id or a new 8-character one, assigned by Fastify in create-app.ts)
 * is bound to every line logged while handling it.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          transport:
            config.logFormat === 'pretty'
              ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } }
              : undefined,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Fastify assigned the trace id (create-app.ts); log under the same one.
          genReqId: (req: IncomingMessage & { id?: unknown }) => traceIdOf(req),
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'traceId' },
          autoLogging: {
            ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url?.split('?')[0] ?? ''),
          },
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
              remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
