import { type AppSchema, defaultPort, keyNames, requiredForDeployment } from './app-config';
import { healthRoutes } from './app-routes';
import { FULL_STACK, type Json, loadModule, type TfModule } from './terraform-module';
import { type AppName, APPS, fileExists, readText } from './workspace';

// The full ECS stack against the apps: service config, ports, health paths, secrets, names.

const SERVICE_CONFIG = `${FULL_STACK}/service-config.tf`;

function localMap(stack: TfModule, name: string): Record<string, string> {
  const value = stack.locals[name];
  if (value === undefined || typeof value !== 'object' || value === null)
    throw new Error(`${SERVICE_CONFIG}: local.${name} is missing`);
  return value as Record<string, string>;
}

function localName(app: AppName): string {
  return app.replace('-', '_');
}

/** `${local.ports["auth-api"]}` and the like: which app's port an expression refers to. */
function portReference(expression: unknown): string | undefined {
  return /local\.ports\["([\w-]+)"\]/.exec(String(expression))?.[1];
}

/**
 * service-config.tf against the apps' config classes: only variables the apps read, every
 * production requirement provided, secrets only as Secrets Manager references.
 */
export function checkServiceConfig(stack: TfModule, schemas: Map<AppName, AppSchema>): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${SERVICE_CONFIG}: ${message}`);
  for (const source of APPS) {
    const schema = schemas.get(source.name);
    if (!schema) continue;
    const environment = localMap(stack, `${localName(source.name)}_environment`);
    const secrets = localMap(stack, `${localName(source.name)}_secrets`);
    const known = keyNames(schema);
    for (const key of [...Object.keys(environment), ...Object.keys(secrets)]) {
      if (!known.has(key))
        p(
          `${source.name}: ${key} is not a variable ${source.name} reads (see ${source.configFile})`,
        );
    }
    for (const key of requiredForDeployment(schema)) {
      if (!(key in environment) && !(key in secrets))
        p(`${source.name}: ${key} is required in production but not provided`);
    }
    for (const key of schema.keys.filter((k) => k.secret)) {
      if (key.name in environment)
        p(
          `${source.name}: ${key.name} is a secret: move it to local.${localName(source.name)}_secrets`,
        );
    }
    if (source.server) {
      if (environment['NODE_ENV'] !== 'production')
        p(`${source.name}: NODE_ENV must be "production"`);
      if (portReference(environment['PORT']) !== source.name)
        p(`${source.name}: PORT must be local.ports["${source.name}"]`);
    }
  }
  const authUrl = stack.locals['auth_api_internal_url'];
  if (
    localMap(stack, 'web_environment')['AUTH_API_URL'] !== '${local.auth_api_internal_url}' ||
    portReference(authUrl) !== 'auth-api'
  ) {
    p('web: AUTH_API_URL must be local.auth_api_internal_url, on local.ports["auth-api"]');
  }
  const database = String(localMap(stack, 'auth_api_secrets')['DATABASE_URL'] ?? '');
  if (!database.includes('module.rds.'))
    p('auth-api: DATABASE_URL must come from the RDS (PostgreSQL) secret');
  return problems;
}

/** Ports, health paths, image names and the deploy safety net, across main.tf and the modules. */
export async function checkStackContract(
  root: string,
  stack: TfModule,
  schemas: Map<AppName, AppSchema>,
): Promise<string[]> {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${stack.dir}: ${message}`);
  const ports = (stack.locals['ports'] ?? {}) as Record<string, number>;
  const repositories = (stack.locals['repositories'] ?? {}) as Record<string, string>;
  for (const source of APPS) {
    const schema = schemas.get(source.name);
    if (!schema) continue;
    if (repositories[source.name] !== source.image) {
      p(
        `local.repositories["${source.name}"] is ${repositories[source.name] ?? 'missing'}, the image is named ${source.image}`,
      );
    }
    if (!source.server) continue;
    if (ports[source.name] !== defaultPort(schema)) {
      p(
        `local.ports["${source.name}"] is ${ports[source.name] ?? 'missing'}, ${source.name} listens on ${defaultPort(schema)}`,
      );
    }
  }
  for (const extra of Object.keys(repositories)) {
    if (!APPS.some((a) => a.name === extra))
      p(`local.repositories has ${extra}, which is not an app`);
  }

  const ecs = stack.modules['ecs']?.[0] ?? {};
  const alb = stack.modules['alb']?.[0] ?? {};
  const targets = (alb['targets'] ?? {}) as Record<string, Json>;
  const albModule = fileExists(root, `${stack.dir}/modules/alb`)
    ? await loadModule(root, `${stack.dir}/modules/alb`)
    : undefined;
  const targetsType = albModule?.variables['targets']?.[0]?.['type'];
  const albType = typeof targetsType === 'string' ? targetsType : '';
  const defaultAlbPath = /health_check_path\s*=\s*optional\(string,\s*"([^"]+)"\)/.exec(
    albType,
  )?.[1];
  for (const source of APPS.filter((a) => a.server)) {
    const routes = healthRoutes(root, source);
    const service = (ecs[localName(source.name)] ?? {}) as Json;
    if (portReference(service['port']) !== source.name)
      p(`module "ecs": ${localName(source.name)}.port must be local.ports["${source.name}"]`);
    const liveness = String(service['liveness_path']);
    if (!routes.includes(liveness))
      p(
        `module "ecs": ${localName(source.name)}.liveness_path ${liveness} is not a route of ${source.name} (${routes.join(', ')})`,
      );
    for (const key of ['environment', 'secrets']) {
      const expected = `\${local.${localName(source.name)}_${key}}`;
      if (service[key] !== expected)
        p(`module "ecs": ${localName(source.name)}.${key} must be ${expected.slice(2, -1)}`);
    }
    const target = targets[source.name];
    if (!target) {
      p(`module "alb": no target for ${source.name}`);
      continue;
    }
    if (portReference(target['port']) !== source.name)
      p(`module "alb": targets["${source.name}"].port must be local.ports["${source.name}"]`);
    const path = (target['health_check_path'] as string | undefined) ?? defaultAlbPath;
    if (!path || !routes.includes(path))
      p(
        `module "alb": ${source.name}'s target group checks ${path ?? '(no path)'}, not a route of ${source.name} (${routes.join(', ')})`,
      );
  }
  const mlCli = (ecs['ml_cli'] ?? {}) as Json;
  for (const key of ['environment', 'secrets']) {
    if (mlCli[key] !== `\${local.ml_cli_${key}}`)
      p(`module "ecs": ml_cli.${key} must be local.ml_cli_${key}`);
  }

  const services = readText(root, `${stack.dir}/modules/ecs/services.tf`);
  if (
    !/deployment_circuit_breaker\s*\{[^}]*enable\s*=\s*true[^}]*rollback\s*=\s*true/s.test(services)
  ) {
    p('modules/ecs: services need deployment_circuit_breaker { enable = true, rollback = true }');
  }
  if (!/healthCheck[\s\S]*each\.value\.port\}\$\{each\.value\.liveness_path\}/.test(services)) {
    p(
      'modules/ecs: the container health check must probe each.value.port and each.value.liveness_path',
    );
  }
  const ecsMain = readText(root, `${stack.dir}/modules/ecs/main.tf`);
  if (!/command\s*=\s*\["node",\s*"main\.js",\s*"migrate"\]/.test(ecsMain))
    p('modules/ecs: the auth-api-migrate task must run ["node", "main.js", "migrate"]');
  if (!/process\.argv\[2\] === 'migrate'/.test(readText(root, 'apps/auth-api/src/main.ts'))) {
    p('apps/auth-api/src/main.ts no longer handles `node main.js migrate`');
  }
  return problems;
}

/** What the ECS module names: service and one-off task keys (= families' suffixes and containers). */
export async function ecsNames(
  root: string,
): Promise<{ containers: string[]; services: string[]; migrateTask: string }> {
  const ecs = await loadModule(root, `${FULL_STACK}/modules/ecs`);
  const services = Object.keys(ecs.locals['services'] ?? {});
  const oneOff = (ecs.locals['one_off_tasks'] ?? {}) as Record<string, Json>;
  const migrateTask = Object.entries(oneOff).find(([, t]) =>
    JSON.stringify(t['command'] ?? '').includes('migrate'),
  )?.[0];
  if (services.length === 0 || !migrateTask)
    throw new Error(`${FULL_STACK}/modules/ecs: no services or no migration task in its locals`);
  return { containers: [...services, ...Object.keys(oneOff)], services, migrateTask };
}

/** The ECR repository names the full stack creates (local.repositories). */
export async function ecrRepositories(root: string): Promise<string[]> {
  const stack = await loadModule(root, FULL_STACK);
  return Object.values((stack.locals['repositories'] ?? {}) as Record<string, string>);
}
