import { type App, fail, image, imageSize, info, mb, must } from './harness';
import { ulimitFlags } from './podman';

/**
 * What each image holds, checked without starting the app: its size stays under a ceiling, and
 * its native addons load and work.
 */

/**
 * The most megabytes each image may take (README, "Image sizes"): what issue 13's clean-up left
 * (auth-api 225, web 206, ml-cli 206 MB) plus about 5 %. Before it they took 624, 573 and
 * 553 MB. The runtime starts from node:22-bookworm-slim trimmed and flattened to one layer, so
 * the ceiling is absolute: the base's apt caches, npm or C headers reaching the runtime stage
 * fail the run, as does a dependency of tens of MB, a toolchain or an npm cache. The trimmed
 * base is about 174 MB with this machine's stand-in for the base image; the official image
 * trims to about the same, as what stays is Node (125 MB) and Debian's essentials.
 */
export const SIZE_CEILING_MB: Record<App, number> = { 'auth-api': 235, web: 215, 'ml-cli': 215 };

/** Each addon's smallest real job, as an async function: argon2 hashes, better-sqlite3 queries. */
const PROBES: Record<string, string> = {
  argon2: `async () => {
    const argon2 = require('argon2');
    const hash = await argon2.hash('probe');
    if (!(await argon2.verify(hash, 'probe'))) throw new Error('argon2: verify failed');
    return 'argon2: hash and verify';
  }`,
  'better-sqlite3': `async () => {
    const db = new (require('better-sqlite3'))(':memory:');
    const { v } = db.prepare('select sqlite_version() as v').get();
    db.close();
    return 'better-sqlite3: a query on SQLite ' + v;
  }`,
};

export const NATIVE_MODULES: Record<App, string[]> = {
  'auth-api': ['argon2', 'better-sqlite3'],
  web: [],
  'ml-cli': ['better-sqlite3'],
};

export async function checkSize(app: App): Promise<string> {
  const size = await imageSize(image(app));
  const line = `${image(app)}: ${mb(size)} (ceiling ${SIZE_CEILING_MB[app]} MB)`;
  if (size > SIZE_CEILING_MB[app] * 1e6)
    fail(`${line}: over its ceiling (podman history ${image(app)} shows which layer grew)`);
  info(line);
  return line;
}

/** Runs in the image as built (its user, entrypoint and working directory), network off. */
export async function checkNativeModules(app: App): Promise<void> {
  const modules = NATIVE_MODULES[app];
  const script = `(async () => {
    for (const probe of [${modules.map((m) => PROBES[m]).join(', ')}]) process.stdout.write(String(await probe()) + '\\n');
  })().catch((error) => {
    process.stderr.write(String(error && error.stack || error) + '\\n');
    process.exit(1);
  });`;
  const out = await must(`${app}: native modules`, [
    'run',
    '--rm',
    '--read-only',
    '--network',
    'none',
    ...ulimitFlags(),
    image(app),
    'node',
    '-e',
    script,
  ]);
  for (const line of out.split('\n').filter(Boolean)) info(line);
}
