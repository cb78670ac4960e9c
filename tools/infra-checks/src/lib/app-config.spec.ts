import { join } from 'node:path';
import { brokenCopy } from '../test/broken-copy';
import { keyOf, readAppSchema, requiredForDeployment, SHARED_CONFIG_FILE } from './app-config';
import { healthRoutes } from './app-routes';
import { type AppName, app, APPS, WORKSPACE_ROOT } from './workspace';

/**
 * The checks parse the config classes instead of importing them (Nx boundaries keep tools out of
 * apps/*\/src). These tests load the real modules at run time and prove the parser reads what
 * the apps do: the same keys, the same defaults, the same production requirements.
 */
interface RuntimeConfig {
  keys: readonly string[];
  instance: Record<string, unknown>;
  load(env: Record<string, string>): unknown;
}

const RUNTIME: Record<AppName, { module: string; keys: string; load: string }> = {
  'auth-api': {
    module: 'apps/auth-api/src/config/load-config',
    keys: 'CONFIG_KEYS',
    load: 'loadConfig',
  },
  web: { module: 'apps/web/src/config/load-config', keys: 'CONFIG_KEYS', load: 'loadConfig' },
  'ml-cli': {
    module: 'apps/ml-cli/src/config/load-app-config',
    keys: 'APP_CONFIG_KEYS',
    load: 'loadAppConfig',
  },
};

async function runtime(name: AppName): Promise<RuntimeConfig> {
  const { module, keys, load } = RUNTIME[name];
  const loader = await import(join(WORKSPACE_ROOT, module));
  const configModule = await import(
    join(WORKSPACE_ROOT, app(name).configFile.replace(/\.ts$/, ''))
  );
  return {
    keys: loader[keys],
    instance: new configModule[app(name).configClass](),
    load: (env) => loader[load](env),
  };
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [String(error)];
  }
}

describe('readAppSchema', () => {
  it.each(APPS.map((a) => [a.name]))(
    'reads the keys and defaults %s has at run time',
    async (name) => {
      const sut = readAppSchema(WORKSPACE_ROOT, app(name));
      const real = await runtime(name);

      expect(sut.keys.map((k) => k.name)).toEqual([...real.keys]);
      for (const key of sut.keys) {
        const value = real.instance[key.name] as string | number | boolean | string[] | undefined;
        expect([key.name, key.default]).toEqual([
          key.name,
          value === undefined ? undefined : Array.isArray(value) ? value.join(',') : String(value),
        ]);
      }
    },
  );

  it.each([['auth-api'], ['web']] as const)(
    'finds exactly what %s refuses to start in production without',
    async (name) => {
      const sut = readAppSchema(WORKSPACE_ROOT, app(name));
      const real = await runtime(name);

      const refused = problemsOf(() => real.load({ NODE_ENV: 'production' })).map(
        (p) => p.split(':')[0],
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(
        sut.keys
          .filter((k) => k.requiredInProduction)
          .map((k) => k.name)
          .sort(),
      ).toEqual(refused.sort());
    },
  );

  it('finds nothing ml-cli requires', async () => {
    const real = await runtime('ml-cli');

    expect(problemsOf(() => real.load({}))).toEqual([]);
    expect(
      readAppSchema(WORKSPACE_ROOT, app('ml-cli')).keys.filter((k) => k.requiredInProduction),
    ).toEqual([]);
  });

  it("reads the servers' shared fields from ServerConfig, and each app's own defaults", () => {
    const copy = brokenCopy().replace(
      SHARED_CONFIG_FILE,
      "LOG_LEVEL = 'info';",
      "LOG_LEVEL = 'warn';",
    );
    try {
      for (const [name, port] of [
        ['auth-api', '8000'],
        ['web', '8001'],
      ] as const) {
        const sut = readAppSchema(copy.root, app(name));
        expect([keyOf(sut, 'LOG_LEVEL')?.default, keyOf(sut, 'PORT')?.default]).toEqual([
          'warn',
          port,
        ]);
      }
    } finally {
      copy.dispose();
    }
  });

  it('adds what a deployment cannot leave at its development default', () => {
    expect(requiredForDeployment(readAppSchema(WORKSPACE_ROOT, app('auth-api')))).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'ENCRYPTION_KEY', 'DATABASE_URL']),
    );
    expect(requiredForDeployment(readAppSchema(WORKSPACE_ROOT, app('web')))).toEqual(
      expect.arrayContaining(['SESSION_SECRET', 'AUTH_API_URL']),
    );
  });

  it('marks the secrets each app lists in SECRET_KEYS', () => {
    const secrets = readAppSchema(WORKSPACE_ROOT, app('web'))
      .keys.filter((k) => k.secret)
      .map((k) => k.name);
    expect(secrets).toEqual(expect.arrayContaining(['SESSION_SECRET']));
  });
});

describe('healthRoutes', () => {
  it('reads the health controllers', () => {
    expect(healthRoutes(WORKSPACE_ROOT, app('auth-api'))).toEqual(['/health', '/health/live']);
    expect(healthRoutes(WORKSPACE_ROOT, app('web'))).toEqual(['/health', '/health/live']);
    expect(healthRoutes(WORKSPACE_ROOT, app('ml-cli'))).toEqual([]);
  });
});
