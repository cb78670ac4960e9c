import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HelmetOptions } from 'helmet';
import { registerSecurityHeaders } from './http/security-headers';
import { AppLogger } from './logging/app-logger';
import { ROOT_LOGGER } from './logging/logging.module';
import { registerRequestLogging, type RequestLoggingOptions } from './logging/request-logging';

export interface ServerRuntimeOptions extends RequestLoggingOptions {
  helmet: Readonly<HelmetOptions>;
  /** Headers every response starts with beside helmet's (auth-api's `no-store`). */
  extraHeaders?: Readonly<Record<string, string>>;
}

/**
 * What every server does the same way once Nest has built it (LoggingModule.forRoot imported):
 * Nest logs through AppLogger, each request gets its trace id, context and access line, and each
 * response helmet's precomputed headers. Pass `traceIdFor` as the FastifyAdapter's genReqId.
 */
export function useServerRuntime(app: NestFastifyApplication, options: ServerRuntimeOptions): void {
  app.useLogger(app.get(AppLogger));
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify, app.get(ROOT_LOGGER), options);
  registerSecurityHeaders(fastify, options.helmet, options.extraHeaders);
}
