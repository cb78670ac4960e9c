import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/** A configuration mistake: one line per problem, printed without a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly title: string,
    readonly problems: string[],
  ) {
    super(`${title}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The lines of the ConfigError a config load throws, for the specs that assert on them; throws
 * when the load succeeds or fails in any other way.
 */
export function configProblems(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export interface EnvConfigOptions {
  /** Variables whose values are never echoed in a problem. */
  secretKeys: ReadonlySet<string>;
  /** The first line of the error (`Invalid configuration`). */
  title?: string;
  /** `X: must be…` rather than class-validator's whole `X: X must be…` (ml-cli's lines). */
  nameOnce?: boolean;
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
  options: EnvConfigOptions,
): string {
  // A URL's user info is a credential, whichever variable holds it.
  const given = raw[error.property]?.replace(/^([a-z]+:\/\/)[^/\s]*@/i, '$1***@');
  const shown =
    given === undefined || options.secretKeys.has(error.property) ? '' : ` (got "${given}")`;
  // One reason per variable: "is required" first, else the type rule (checked last).
  const constraints = error.constraints ?? {};
  const message = constraints['isDefined'] ?? Object.values(constraints).at(-1) ?? 'is invalid';
  const reason =
    options.nameOnce && message.startsWith(`${error.property} `)
      ? message.slice(error.property.length + 1)
      : message;
  return `${error.property}: ${reason}${shown}`;
}

/**
 * Parses and validates the environment into a frozen instance of a class-validator config
 * class; throws ConfigError with one line per problem. Values of secret keys are never echoed.
 */
export function loadEnvConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined>,
  secretKeysOrOptions: ReadonlySet<string> | EnvConfigOptions,
): T {
  const options: EnvConfigOptions =
    'secretKeys' in secretKeysOrOptions ? secretKeysOrOptions : { secretKeys: secretKeysOrOptions };
  const raw = pickDeclared(configKeys(configClass), env);
  const config = plainToInstance(configClass, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0)
    throw new ConfigError(
      options.title ?? 'Invalid configuration',
      errors.map((e) => formatProblem(e, raw, options)),
    );
  return Object.freeze(config);
}
