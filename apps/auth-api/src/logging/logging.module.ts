import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pino from 'pino';
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

let stdout: (pino.DestinationStream & { flushSync(): void }) | undefined;

/**
 * JSON logs go to stdout through a 4 kB buffer written asynchronously: one write syscall per
 * request showed as 7% of a /auth/me profile. The buffer is flushed when the app shuts down
 * (Nest re-raises SIGTERM after closing, so process 'exit' handlers would not run).
 */
function bufferedStdout() {
  return (stdout ??= pino.destination({ dest: 1, minLength: 4096, sync: false }));
}

@Injectable()
class LogFlusher implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    stdout?.flushSync();
  }
}

/**
 * pino for every log line: JSON in production, pretty in development. Each request's trace id
 * (a valid incoming X-Request-Id or a new 8-character one, assigned by Fastify in create-app.ts)
 * is bound to every line logged while handling it.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = {
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
            // Middleware sees req.url relative to its mount point; originalUrl is the full path.
            ignore: (req: IncomingMessage & { originalUrl?: string }) =>
              QUIET_PATHS.has((req.originalUrl ?? req.url ?? '').split('?')[0] ?? ''),
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
        };
        return { pinoHttp: config.logFormat === 'json' ? [options, bufferedStdout()] : options };
      },
    }),
  ],
  providers: [LogFlusher],
})
export class LoggingModule {}
