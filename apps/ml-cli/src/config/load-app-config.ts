import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config';
import { ConfigError } from './config.error';

/** The variables AppConfig declares (ES2022 class fields exist even without an initializer). */
export const APP_CONFIG_KEYS: readonly string[] = Object.keys(new AppConfig());

const SECRET_KEYS = new Set(['MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_PASSWORD']);

/** Only declared keys are read; empty strings mean "unset", as with `KEY=` in a `.env` file. */
function pickDeclared(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of APP_CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function formatProblem(error: ValidationError, raw: Record<string, string>): string {
  const given = raw[error.property]?.replace(/^([a-z]+:\/\/)[^/\s]*@/i, '$1***@');
  const shown = given === undefined || SECRET_KEYS.has(error.property) ? '' : ` (got "${given}")`;
  const constraints = error.constraints ?? {};
  const message = constraints['isDefined'] ?? Object.values(constraints).at(-1) ?? 'is invalid';
  const reason = message.startsWith(`${error.property} `)
    ? message.slice(error.property.length + 1)
    : message;
  return `${error.property}: ${reason}${shown}`;
}

/** Parses and validates the environment; throws ConfigError listing every problem. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw = pickDeclared(env);
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      'Invalid environment',
      errors.map((e) => formatProblem(e, raw)),
    );
  }
  return Object.freeze(config);
}
