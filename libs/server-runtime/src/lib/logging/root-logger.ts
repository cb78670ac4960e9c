import { logRedactionPaths } from '@gatehouse/contracts';
import pino from 'pino';
import type { LogFormat } from '../config/server-env';

export interface RootLoggerOptions {
  /** pino's level name (LOG_LEVEL). */
  level: string;
  format: LogFormat;
  /** An app's own secret fields, redacted beside the shared ones (web's `_csrf`). */
  redactFields?: readonly string[];
}

/** Never written to a log, wherever they appear in a logged object. */
export const REDACTED_PATHS = logRedactionPaths();

/**
 * The one pino instance of the process: JSON in production, pretty in development. JSON goes to
 * stdout through a 4 kB buffer written asynchronously (one write syscall per request showed as
 * 7% of a /auth/me profile); LogFlusher writes out the rest at shutdown.
 */
export function createRootLogger(options: RootLoggerOptions): {
  logger: pino.Logger;
  flushSync(): void;
} {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: logRedactionPaths(options.redactFields), censor: '[redacted]' },
  };
  if (options.format === 'pretty') {
    const logger = pino({
      ...pinoOptions,
      transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } },
    });
    return { logger, flushSync: () => undefined };
  }
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  return { logger: pino(pinoOptions, destination), flushSync: () => destination.flushSync() };
}
