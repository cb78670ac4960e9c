import { ROOT_LOGGER } from '@gatehouse/server-runtime';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';

export interface CapturedLog {
  /** The JSON lines written since the capture began (or since the last take). */
  take(): string[];
}

/**
 * Points the app's root pino logger (and so every child: the access log, Nest's loggers) at
 * memory instead of stdout, so the campaign can read each line the app writes.
 */
export function captureLog(app: NestFastifyApplication): CapturedLog {
  const root = app.get<pino.Logger>(ROOT_LOGGER);
  let lines: string[] = [];
  (root as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = {
    write: (line: string) => {
      lines.push(line);
    },
  };
  return {
    take: () => {
      const taken = lines;
      lines = [];
      return taken;
    },
  };
}

/** Error-level (50+) lines and lines holding a stack trace. */
export function logProblems(lines: string[], stackTrace: RegExp): string[] {
  return lines.filter((line) => {
    let level = 0;
    try {
      level = Number((JSON.parse(line) as { level?: number }).level ?? 0);
    } catch {
      return true;
    }
    return level >= 50 || stackTrace.test(line);
  });
}
