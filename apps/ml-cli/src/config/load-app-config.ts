import { configKeys, loadEnvConfig } from '@gatehouse/env-config';
import { AppConfig } from './app-config';

/** The variables AppConfig declares. */
export const APP_CONFIG_KEYS: readonly string[] = configKeys(AppConfig);

/** Never echoed in a configuration error (infra checks read this list too). */
const SECRET_KEYS = new Set(['MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_PASSWORD']);

/** Parses and validates the environment; throws ConfigError listing every problem. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return loadEnvConfig(AppConfig, env, {
    secretKeys: SECRET_KEYS,
    title: 'Invalid environment',
    nameOnce: true,
  });
}
