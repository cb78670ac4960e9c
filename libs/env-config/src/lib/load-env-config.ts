import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The variables a config class declares (ES2022 class fields exist even without an initializer). */
export function configKeys(configClass: new () => object): readonly string[] {
  return Object.keys(new configClass());
}

/** Only declared keys are read; empty strings mean "unset", as with `KEY=` in a `.env` file. */
function pickDeclared(
  keys: readonly string[],
  env: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function formatProblem(
  error: ValidationError,
  raw: Record<string, string>,
  secretKeys: ReadonlySet<string>,
): string {
  const given = raw[error.property];
  const shown = given === undefined || secretKeys.has(error.property) ? '' : ` (got "${given}")`;
  // One reason per variable: "is required" first, else the type rule (checked last).
  const constraints = error.constraints ?? {};
  const reason = constraints['isDefined'] ?? Object.values(constraints).at(-1) ?? 'is invalid';
  return `${error.property}: ${reason}${shown}`;
}

/**
 * Parses and validates the environment into a frozen instance of a class-validator config
 * class; throws ConfigError with one line per problem. Values of `secretKeys` are never echoed.
 */
export function loadEnvConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined>,
  secretKeys: ReadonlySet<string>,
): T {
  const raw = pickDeclared(configKeys(configClass), env);
  const config = plainToInstance(configClass, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0)
    throw new ConfigError(errors.map((e) => formatProblem(e, raw, secretKeys)));
  return Object.freeze(config);
}
