import { configKeys, loadEnvConfig } from '@gatehouse/env-config';
import { AppConfig } from './app-config';

export { ConfigError } from '@gatehouse/env-config';

/** The variables AppConfig declares. */
export const CONFIG_KEYS: readonly string[] = configKeys(AppConfig);

/** Never echoed in a configuration error (infra checks read this list too). */
const SECRET_KEYS = new Set([
  'JWT_SECRET',
  'JWT_PRIVATE_KEY',
  'ADMIN_PASSWORD',
  'ENCRYPTION_KEY',
  'SMTP_URL',
  'REDIS_URL',
]);

/** Parses and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return loadEnvConfig(AppConfig, env, SECRET_KEYS);
}
