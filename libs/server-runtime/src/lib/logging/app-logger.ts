import type { LoggerService } from '@nestjs/common';
import type pino from 'pino';
import { requestContext } from './request-context';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's own stack-trace contract: error(message, stack, context). */
const STACK = /\n\s*at /;

/**
 * Nest's LoggerService on the root pino logger: `new Logger('Context').warn(...)` anywhere in the
 * app becomes one JSON line with its context and, inside a request, the request's trace id.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: pino.Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const traceId = requestContext.getStore()?.traceId;
    if (traceId) fields['traceId'] = traceId;
    // Nest passes the context last.
    const rest = [...optional];
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string')
      fields['context'] = rest.pop();
    if (message instanceof Error) {
      fields['err'] = message;
      this.root[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...message });
    } else if (level === 'error' && typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.root[level]({ ...fields, err }, String(message));
    } else {
      this.root[level](fields, String(message));
    }
  }
}
