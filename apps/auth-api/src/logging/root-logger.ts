import { logRedactionPaths } from '@gatehouse/contracts';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';

/** Never written to a log, wherever they appear in a logged object. */
export const REDACTED_PATHS = logRedactionPaths();

/**
 * The one pino instance of the process: JSON in production, pretty in development. JSON goes to
 * stdout through a 4 kB buffer written asynchronously (one write syscall per request showed as
 * 7% of a /auth/me profile); LogFlusher writes out the rest at shutdown.
 */
export function createRootLogger(config: AppConfig): { logger: pino.Logger; flushSync(): void } {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (config.logFormat === 'pretty') {
    const logger = pino({
      ...options,
      transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } },
    });
    return { logger, flushSync: () => undefined };
  }
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  return { logger: pino(options, destination), flushSync: () => destination.flushSync() };
}
