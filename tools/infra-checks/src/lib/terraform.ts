import { parse as parseHcl } from '@cdktf/hcl2json';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AppSchema, defaultPort, keyNames, requiredForDeployment } from './app-config';
import { healthRoutes } from './app-routes';
import { type ComposeFile, environmentOf, interpolatedVariables } from './compose';
import { type AppName, APPS, fileExists, listDirs, listFiles, readText } from './workspace';

export const FULL_STACK = 'infra/terraform-aws';
export const SIMPLE_STACK = 'infra/terraform-aws-simple';
/** The modules the full stack is made of, each wired from its root module. */
export const MODULES = ['vpc', 'ecr', 'rds', 'elasticache', 's3', 'iam', 'alb', 'ecs'] as const;

type Json = Record<string, unknown>;
type Blocks = Record<string, Json[]>;

/** One Terraform module: the merged JSON (hcl2json) of its .tf files. */
export interface TfModule {
  dir: string;
  files: string[];
  variables: Blocks;
  locals: Json;
  modules: Blocks;
  outputs: Blocks;
  /** Every top-level block, for reference scanning: [block type, name, body]. */
  blocks: [string, string, unknown][];
}

export async function loadModule(root: string, dir: string): Promise<TfModule> {
  const files = listFiles(root, dir, '.tf');
  if (files.length === 0) throw new Error(`${dir}: no .tf files`);
  const module: TfModule = {
    dir,
    files,
    variables: {},
    locals: {},
    modules: {},
    outputs: {},
    blocks: [],
  };
  for (const file of files) {
    const json = (await parseHcl(file, readText(root, file))) as Record<string, unknown>;
    for (const [type, body] of Object.entries(json)) {
      if (type === 'locals') {
        for (const locals of body as Json[]) {
          Object.assign(module.locals, locals);
          for (const [name, value] of Object.entries(locals))
            module.blocks.push(['locals', name, value]);
        }
        continue;
      }
      for (const [name, value] of Object.entries(body as Json)) {
        module.blocks.push([type, name, value]);
        if (type === 'variable') module.variables[name] = value as Json[];
        if (type === 'module') module.modules[name] = value as Json[];
        if (type === 'output') module.outputs[name] = value as Json[];
      }
    }
  }
  return module;
}

/** Every string inside a JSON value. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node !== null && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

function references(node: unknown, prefix: string): string[] {
  const pattern = new RegExp(`(?<![\\w.])${prefix.replace('.', '\\.')}([A-Za-z_][\\w-]*)`, 'g');
  return strings(node).flatMap((s) => [...s.matchAll(pattern)].map((m) => m[1]));
}

/** Every declared variable is used, and every `var.x` is declared. */
export function checkVariables(module: TfModule): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(module.variables));
  const used = new Set<string>();
  for (const [type, name, body] of module.blocks) {
    for (const ref of references(body, 'var.')) {
      // A variable's own validation must name it; that is not a use.
      if (type === 'variable' && ref === name) continue;
      used.add(ref);
      if (!declared.has(ref))
        problems.push(`${module.dir}: var.${ref} is used (${type} ${name}) but not declared`);
    }
  }
  for (const name of declared)
    if (!used.has(name))
      problems.push(`${module.dir}: variable "${name}" is declared but never used`);
  return [...new Set(problems)];
}

const META_ARGUMENTS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'depends_on',
  'providers',
]);

/** The root module calls each of the eight modules with exactly the variables it declares. */
export async function checkModuleWiring(root: string, stack: TfModule): Promise<string[]> {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${stack.dir}: ${message}`);
  const onDisk = listDirs(root, `${stack.dir}/modules`);
  for (const name of MODULES)
    if (!onDisk.includes(name)) p(`module directory modules/${name} is missing`);
  for (const name of onDisk)
    if (!(MODULES as readonly string[]).includes(name))
      p(`modules/${name} is not one of the eight modules`);

  const outputs = new Map<string, Set<string>>();
  for (const name of MODULES) {
    const call = stack.modules[name]?.[0];
    if (!call) {
      p(`module "${name}" is not called from the root module`);
      continue;
    }
    if (call['source'] !== `./modules/${name}`)
      p(`module "${name}" has source ${String(call['source'])}, expected ./modules/${name}`);
    if (!fileExists(root, `${stack.dir}/modules/${name}`)) continue;
    const child = await loadModule(root, `${stack.dir}/modules/${name}`);
    problems.push(...checkVariables(child));
    outputs.set(name, new Set(Object.keys(child.outputs)));
    const passed = new Set(Object.keys(call).filter((k) => !META_ARGUMENTS.has(k)));
    for (const arg of passed)
      if (!(arg in child.variables))
        p(`module "${name}" is passed ${arg}, which it does not declare`);
    for (const [variable, [declaration]] of Object.entries(child.variables)) {
      if (!('default' in declaration) && !passed.has(variable))
        p(`module "${name}" needs ${variable}, which the root module does not pass`);
    }
  }
  for (const [, , body] of stack.blocks) {
    for (const s of strings(body)) {
      for (const m of s.matchAll(/(?<![\w.])module\.([\w-]+)(?:\[\d+\])?\.([\w-]+)/g)) {
        const known = outputs.get(m[1]);
        if (!(m[1] in stack.modules)) p(`module.${m[1]} is referenced but not declared`);
        else if (known && !known.has(m[2]))
          p(`module.${m[1]}.${m[2]} is referenced but modules/${m[1]} has no such output`);
      }
    }
  }
  return [...new Set(problems)];
}

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

const USER_DATA = `${SIMPLE_STACK}/templates/user-data.sh.tftpl`;

function heredoc(text: string, file: string): string[] {
  const match = new RegExp(
    `cat >"\\$APP/${file.replace('.', '\\.')}" <<'CONF'\\n([\\s\\S]*?)\\nCONF`,
  ).exec(text);
  return match ? match[1].split('\n') : [];
}

/**
 * The simple stack runs docker-compose.yml with a generated .env and Caddy in front: every key
 * it writes must be used by the compose file, and Caddy must proxy to the right services and ports.
 */
export function checkSimpleStack(
  root: string,
  compose: ComposeFile,
  schemas: Map<AppName, AppSchema>,
): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${USER_DATA}: ${message}`);
  const text = readText(root, USER_DATA);
  const used = interpolatedVariables(compose);
  const literal = new Map<string, Set<string>>();
  for (const service of Object.values(compose.services ?? {})) {
    for (const [k, v] of Object.entries(environmentOf(service)))
      literal.set(k, new Set([...(literal.get(k) ?? []), v]));
  }
  // settings.env lines (KEY=value) and the generated secrets (echo "KEY=$(…)").
  const written: { key: string; value?: string }[] = [
    ...heredoc(text, 'settings.env').flatMap((l) => {
      const m = /^(\w+)=(.*)$/.exec(l);
      return m ? [{ key: m[1], value: m[2] }] : [];
    }),
    ...[...text.matchAll(/echo "(\w+)=/g)].map((m) => ({ key: m[1] })),
  ];
  if (written.length === 0) p('found no variables written to the .env');
  for (const { key, value } of written) {
    if (key === 'COMPOSE_PROJECT_NAME' || used.has(key)) continue;
    if (value !== undefined && literal.get(key)?.size === 1 && literal.get(key)?.has(value))
      continue;
    p(
      `writes ${key} to .env, but docker-compose.yml never uses it (interpolate it: ${key}: \${${key}:?})`,
    );
  }
  const services = compose.services ?? {};
  for (const source of APPS.filter((a) => a.server)) {
    const schema = schemas.get(source.name);
    if (!schema) continue;
    const service = source.composeService ?? source.name;
    const proxied = new RegExp(`reverse_proxy ${service}:(\\d+)`).exec(text);
    if (!proxied) p(`Caddy does not proxy to ${service}`);
    else if (Number(proxied[1]) !== defaultPort(schema))
      p(
        `Caddy proxies to ${service}:${proxied[1]}, ${source.name} listens on ${defaultPort(schema)}`,
      );
    if (!services[service]) p(`Caddy proxies to ${service}, which docker-compose.yml lacks`);
  }
  return problems;
}

/** `terraform fmt -check -recursive` on the infra folder, when the binary is installed. */
export function checkTerraformFmt(root: string): { ran: boolean; problems: string[] } {
  const binary = ['/usr/local/bin/terraform', '/usr/bin/terraform'].find((b) => existsSync(b));
  if (!binary) return { ran: false, problems: [] };
  const result = spawnSync(binary, ['fmt', '-check', '-recursive', '-list=true', 'infra'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  if (result.status === 0) return { ran: true, problems: [] };
  const files = result.stdout.split('\n').filter(Boolean);
  return {
    ran: true,
    problems:
      files.length > 0
        ? files.map((f) => `${f}: not formatted (terraform fmt -check)`)
        : [`terraform fmt failed: ${result.stderr.trim()}`],
  };
}

export async function checkTerraform(
  root: string,
  schemas: Map<AppName, AppSchema>,
  compose: ComposeFile,
): Promise<string[]> {
  const problems: string[] = [];
  const stack = await loadModule(root, FULL_STACK);
  problems.push(...checkVariables(stack));
  problems.push(...(await checkModuleWiring(root, stack)));
  problems.push(...checkServiceConfig(stack, schemas));
  problems.push(...(await checkStackContract(root, stack, schemas)));
  const simple = await loadModule(root, SIMPLE_STACK);
  problems.push(...checkVariables(simple));
  problems.push(...checkSimpleStack(root, compose, schemas));
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
