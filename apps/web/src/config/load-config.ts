import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The variables AppConfig declares (ES2022 class fields exist even without an initializer). */
export const CONFIG_KEYS: readonly string[] = Object.keys(new AppConfig());

/** Only declared keys are read; empty strings mean "unset", as with `KEY=` in a `.env` file. */
function pickDeclared(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

const SECRET_KEYS = new Set(['SESSION_SECRET']);

function formatProblem(error: ValidationError, raw: Record<string, string>): string {
  const given = raw[error.property];
  const shown = given === undefined || SECRET_KEYS.has(error.property) ? '' : ` (got "${given}")`;
  const constraints = error.constraints ?? {};
  const reason = constraints['isDefined'] ?? Object.values(constraints).at(-1) ?? 'is invalid';
  return `${error.property}: ${reason}${shown}`;
}

/** Parses and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw = pickDeclared(env);
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => formatProblem(e, raw)));
  return Object.freeze(config);
}
