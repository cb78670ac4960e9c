import { ConfigError, configKeys, loadEnvConfig } from '@gatehouse/env-config';
import { AppConfig } from './app-config';
import { parseSsoProviders, rememberSsoProviders, ssoProviderIds } from './sso-providers';

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

/**
 * Parses and validates the environment; throws ConfigError listing every problem, those of
 * the SSO_<ID>_* variables (named by SSO_PROVIDERS, so not AppConfig fields) included.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const sso = parseSsoProviders(ssoProviderIds(env['SSO_PROVIDERS']), env);
  let config: AppConfig;
  try {
    config = loadEnvConfig(AppConfig, env, SECRET_KEYS);
  } catch (error) {
    if (error instanceof ConfigError && sso.problems.length > 0)
      throw new ConfigError(error.title, [...error.problems, ...sso.problems]);
    throw error;
  }
  if (sso.problems.length > 0) throw new ConfigError('Invalid configuration', sso.problems);
  rememberSsoProviders(config, sso.providers);
  return config;
}
