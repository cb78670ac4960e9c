import { logRedactionPaths } from '@gatehouse/contracts';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { traceIdOf } from '../common/http/trace-id';
import { AppConfig } from '../config/app-config';

/** Never written to a log, wherever they appear in a logged object (and the CSRF token). */
export const REDACTED_PATHS = logRedactionPaths(['_csrf']);

const QUIET_PATHS = /^\/(health(\/live)?$|assets\/)/;

/**
 * pino for every log line: JSON in production, pretty in development. Each request's trace id
 * (a valid incoming X-Request-Id or a new one, assigned in create-app.ts) is bound to every
 * line logged while handling it, and sent on to auth-api by AuthApiClient.
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
          genReqId: (req: IncomingMessage & { id?: unknown }) => traceIdOf(req),
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'traceId' },
          autoLogging: {
            // Middleware sees req.url relative to its mount point; originalUrl is the full path.
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              QUIET_PATHS.test((req.originalUrl ?? req.url ?? '').split('?')[0] ?? ''),
          },
          serializers: {
            // The query string may hold one-time tokens (verify-email, reset-password links).
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url.split('?')[0],
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
