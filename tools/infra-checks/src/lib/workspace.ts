import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, from this file's place in it (tools/infra-checks/src/lib). */
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..', '..');

export type AppName = 'auth-api' | 'web' | 'ml-cli';

export interface AppSources {
  name: AppName;
  /** The class that declares every environment variable the app reads. */
  configFile: string;
  configClass: string;
  /** Where the app lists the variables it never echoes (`SECRET_KEYS`). */
  loadConfigFile: string;
  /** Controllers whose routes include the health checks; none for a batch CLI. */
  healthController?: string;
  dockerfile: string;
  /** Name of the app's image and ECR repository. */
  image: string;
  /** Service that runs it in docker-compose.yml (none for the batch CLI), and its ECS name. */
  composeService?: string;
  ecsName: string;
  /** Long-running HTTP service (a port and a health check) rather than a batch job. */
  server: boolean;
}

/**
 * Where each app keeps the facts the deployment files must agree with. Only paths live here:
 * keys, defaults, ports and routes are read from those files.
 */
export const APPS: readonly AppSources[] = [
  {
    name: 'auth-api',
    configFile: 'apps/auth-api/src/config/app-config.ts',
    configClass: 'AppConfig',
    loadConfigFile: 'apps/auth-api/src/config/load-config.ts',
    healthController: 'apps/auth-api/src/app/health/health.controller.ts',
    dockerfile: 'apps/auth-api/Dockerfile',
    image: 'gatehouse-auth-api',
    composeService: 'auth',
    ecsName: 'auth-api',
    server: true,
  },
  {
    name: 'web',
    configFile: 'apps/web/src/config/app-config.ts',
    configClass: 'AppConfig',
    loadConfigFile: 'apps/web/src/config/load-config.ts',
    healthController: 'apps/web/src/app/health/health.controller.ts',
    dockerfile: 'apps/web/Dockerfile',
    image: 'gatehouse-web',
    composeService: 'app',
    ecsName: 'web',
    server: true,
  },
  {
    name: 'ml-cli',
    configFile: 'apps/ml-cli/src/config/app-config.ts',
    configClass: 'AppConfig',
    loadConfigFile: 'apps/ml-cli/src/config/load-app-config.ts',
    dockerfile: 'apps/ml-cli/Dockerfile',
    image: 'gatehouse-ml-cli',
    ecsName: 'ml-cli',
    server: false,
  },
];

export function app(name: AppName): AppSources {
  const found = APPS.find((a) => a.name === name);
  if (!found) throw new Error(`unknown app ${name}`);
  return found;
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export function fileExists(root: string, path: string): boolean {
  return existsSync(join(root, path));
}

/** Files directly in a folder whose names end with `suffix`, as workspace-relative paths. */
export function listFiles(root: string, dir: string, suffix: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => `${dir}/${e.name}`)
    .sort();
}

/** Sub-folders of a folder, by name. */
export function listDirs(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** Runs a check; a thrown error (unparsable file, missing file) becomes a problem too. */
export async function guard(
  label: string,
  check: () => Promise<string[]> | string[],
): Promise<string[]> {
  try {
    return await check();
  } catch (error) {
    return [`${label}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
