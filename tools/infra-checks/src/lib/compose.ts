import { parse as parseYaml } from 'yaml';
import { type AppSchema, defaultPort, keyNames, requiredForDeployment } from './app-config';
import { probeTarget, readinessRoute } from './app-routes';
import { COMPOSE_FILE, validateComposeSchema } from './compose-schema';
import { type AppName, type AppSources, APPS, fileExists, readText } from './workspace';

export { COMPOSE_FILE, validateComposeSchema };

/** The services the stack must have (the simple Terraform stack relies on `auth` and `app`). */
export const REQUIRED_SERVICES = ['db', 'redis', 'auth', 'app', 'mlflow', 'mailpit'] as const;

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  volumes?: (string | { type: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: {
    test?: string | string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
    disable?: boolean;
  };
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(root: string): ComposeFile {
  return parseYaml(readText(root, COMPOSE_FILE)) as ComposeFile;
}

/** Names used as ${NAME}, ${NAME:-default}, ${NAME:?error} in the file's values (not comments). */
export function interpolatedVariables(document: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      const text = node.replace(/\$\$/g, '');
      for (const match of text.matchAll(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      )) {
        const name = match[1] ?? match[2];
        if (name !== undefined) names.add(name);
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(document);
  return names;
}

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((e) => {
        const [key = '', ...value] = e.split('=');
        return [key, value.join('=')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return p.target;
    const [spec = ''] = String(p).split('/');
    return Number(spec.split(':').at(-1)?.split('-')[0]);
  });
}

function hostPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return Number(p.published ?? p.target);
    const [spec = ''] = String(p).split('/');
    const parts = spec.split(':');
    return Number(parts.length > 1 ? parts.at(-2) : parts[0]);
  });
}

function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.condition]));
}

function volumeSources(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source ?? '', target: v.target ?? '' };
    const [source = '', target] = v.split(':');
    return { source, target: target ?? source };
  });
}

function commandText(command: ComposeService['command']): string {
  return Array.isArray(command) ? command.join(' ') : (command ?? '');
}

/** `${X:-}` or `${X}` may end up empty; a literal or `${X:?…}` may not. */
function mayBeEmpty(value: string): boolean {
  return value.trim() === '' || /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?-)?\}$/.test(value.trim());
}

function checkServerApp(
  root: string,
  source: AppSources,
  schema: AppSchema,
  service: ComposeService,
  p: (message: string) => void,
): void {
  const name = source.composeService;
  const env = environmentOf(service);
  const port = env['PORT'] ? Number(env['PORT']) : defaultPort(schema);
  if (port !== defaultPort(schema))
    p(`${name}: PORT ${port} differs from the app's default ${defaultPort(schema)}`);
  if (!containerPorts(service).includes(port))
    p(`${name}: publishes no container port ${port} (the app listens on ${port})`);
  const test = service.healthcheck?.test;
  const probe = probeTarget(Array.isArray(test) ? test.join(' ') : (test ?? ''));
  const route = readinessRoute(root, source);
  if (probe.path !== route)
    p(
      `${name}: health check probes ${probe.path ?? '(no path)'}, the app's health route is ${route}`,
    );
  if (probe.port !== port)
    p(`${name}: health check probes port ${probe.port ?? '(none)'}, the app listens on ${port}`);
  if (env['NODE_ENV'] !== 'production')
    p(`${name}: NODE_ENV must be production (got ${env['NODE_ENV'] ?? 'unset'})`);
  if (service.init !== true)
    p(`${name}: init: true is needed so SIGTERM reaches node and zombies are reaped`);
}

function checkAppEnvironment(
  source: AppSources,
  schema: AppSchema,
  service: ComposeService,
  p: (message: string) => void,
): void {
  const name = source.composeService;
  const env = environmentOf(service);
  const known = keyNames(schema);
  for (const key of Object.keys(env)) {
    if (!known.has(key))
      p(`${name}: ${key} is not a variable ${source.name} reads (see ${source.configFile})`);
  }
  for (const key of requiredForDeployment(schema)) {
    const value = env[key];
    if (value === undefined)
      p(`${name}: ${key} is required by ${source.name} in production but not set`);
    else if (mayBeEmpty(value))
      p(`${name}: ${key} is required but may be empty (use a value or \${${key}:?message})`);
  }
  const build = service.build;
  const dockerfile = typeof build === 'object' ? build.dockerfile : undefined;
  if (dockerfile !== source.dockerfile)
    p(`${name}: build.dockerfile must be ${source.dockerfile} (got ${dockerfile ?? 'none'})`);
}

export function checkCompose(root: string, schemas: Map<AppName, AppSchema>): string[] {
  if (!fileExists(root, COMPOSE_FILE)) return [`${COMPOSE_FILE}: missing`];
  const document = readCompose(root);
  const problems = validateComposeSchema(document);
  const p = (message: string) => problems.push(`${COMPOSE_FILE}: ${message}`);
  const services = document.services ?? {};

  for (const name of REQUIRED_SERVICES) if (!services[name]) p(`service ${name} is missing`);
  for (const [name, service] of Object.entries(services)) {
    const hc = service.healthcheck;
    if (!hc?.test || hc.disable) {
      p(`${name}: no health check`);
      continue;
    }
    for (const field of ['interval', 'timeout', 'retries', 'start_period'] as const) {
      if (hc[field] === undefined) p(`${name}: health check without ${field}`);
    }
  }

  const declaredVolumes = new Set(Object.keys(document.volumes ?? {}));
  const usedVolumes = new Set<string>();
  for (const [name, service] of Object.entries(services)) {
    for (const { source } of volumeSources(service)) {
      if (/^[\w-]+$/.test(source)) {
        usedVolumes.add(source);
        if (!declaredVolumes.has(source))
          p(`${name}: volume ${source} is not declared under volumes:`);
      }
    }
  }
  for (const volume of declaredVolumes)
    if (!usedVolumes.has(volume)) p(`volume ${volume} is declared but unused`);

  const { db, redis, auth, app, mlflow, mailpit } = services;
  if (db) {
    if (!/^postgres:16([.-]|$)/.test(db.image ?? ''))
      p(`db: image must be PostgreSQL 16 (got ${db.image ?? 'none'})`);
    if (!JSON.stringify(db.healthcheck?.test ?? '').includes('pg_isready'))
      p('db: health check must use pg_isready');
    if (!volumeSources(db).some((v) => v.source === 'db_data'))
      p('db: volume db_data is not mounted');
  }
  if (redis && !volumeSources(redis).some((v) => v.source === 'redis_data'))
    p('redis: volume redis_data is not mounted');

  for (const source of APPS) {
    if (!source.composeService) continue;
    const service = services[source.composeService];
    const schema = schemas.get(source.name);
    if (!service || !schema) continue;
    checkAppEnvironment(source, schema, service, p);
    if (source.server) checkServerApp(root, source, schema, service, p);
  }

  const authApi = APPS.find((a) => a.name === 'auth-api') as AppSources;
  const authSchema = schemas.get('auth-api');
  if (auth && authSchema) {
    const deps = dependsOn(auth);
    for (const dep of ['db', 'redis']) {
      if (deps[dep] !== 'service_healthy')
        p(`auth: must depend on ${dep} being healthy (condition: service_healthy)`);
    }
    const command = commandText(auth.command);
    if (!/node main\.js migrate\s*&&\s*exec node main\.js\b/.test(command)) {
      p(
        `auth: command must run \`node main.js migrate && exec node main.js\` (got \`${command}\`)`,
      );
    }
    if (!volumeSources(auth).some((v) => v.source === './data')) p('auth: ./data is not mounted');
    const env = environmentOf(auth);
    if (!/^postgres(ql)?:\/\/[^@]+@db:5432\//.test(env['DATABASE_URL'] ?? ''))
      p('auth: DATABASE_URL must be a postgres:// URL to the db service');
    if (env['REDIS_URL'] && !/^redis:\/\/redis:6379/.test(env['REDIS_URL']))
      p('auth: REDIS_URL must point at the redis service');
    if (!/mailpit:1025/.test(env['SMTP_URL'] ?? ''))
      p('auth: SMTP_URL must default to the mailpit service (smtp://mailpit:1025)');
  }
  if (app && authSchema) {
    if (dependsOn(app)['auth'] !== 'service_healthy')
      p('app: must depend on auth being healthy (condition: service_healthy)');
    const expected = `http://${authApi.composeService}:${defaultPort(authSchema)}`;
    const url = environmentOf(app)['AUTH_API_URL'];
    if (url !== expected) p(`app: AUTH_API_URL must be ${expected} (got ${url ?? 'unset'})`);
  }
  if (mlflow) {
    const command = commandText(mlflow.command);
    if (!containerPorts(mlflow).includes(5001)) p('mlflow: must publish port 5001');
    if (!/--port[= ]5001\b/.test(command))
      p('mlflow: the server must listen on 5001 (--port=5001)');
    if (!/--backend-store-uri[= ](sqlite|postgresql|mysql)[+:\w]*:\/\//.test(command))
      p('mlflow: needs a database --backend-store-uri');
    const artifacts = /--artifacts-destination[= ](\S+)/.exec(command)?.[1];
    if (!artifacts) p('mlflow: no --artifacts-destination');
    else if (
      !volumeSources(mlflow).some(
        (v) => /^[\w-]+$/.test(v.source) && artifacts.startsWith(v.target),
      )
    ) {
      p(`mlflow: artifacts (${artifacts}) are not on a named volume`);
    }
  }
  if (mailpit && !hostPorts(mailpit).includes(8025))
    p('mailpit: the UI port 8025 is not published');
  return problems;
}
