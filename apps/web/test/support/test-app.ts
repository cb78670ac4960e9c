import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../../src/config/load-config';
import { createApp } from '../../src/create-app';

export const TEST_SESSION_SECRET = 'web-test-secret-0123456789abcdefghijklmnop';

/** The real web app (createApp, as main.ts builds it) in process, against the given auth-api URL. */
export async function startWeb(
  authApiUrl: string,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  Logger.overrideLogger(false);
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_API_URL: authApiUrl,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: 'silent',
    AUTH_API_TIMEOUT_MS: '500',
    AUTH_API_RETRY_BASE_MS: '5',
    AUTH_API_RETRY_MAX_MS: '10',
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
