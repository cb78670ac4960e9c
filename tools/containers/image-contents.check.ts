import { type App, fail, image, imageSize, info, mb, must } from './harness';
import { ulimitFlags } from './podman';

/**
 * What each image holds, checked without starting the app: its size over the base image stays
 * under a ceiling, and its native addons load and work.
 */

/**
 * Megabytes each image may add to the base image (README, "Image sizes"): what issue 13's
 * clean-up left (auth-api 52, web 31, ml-cli 31 MB) plus about 20 %. Before it they added 127,
 * 77 and 56 MB. A dependency that brings tens of MB, or a toolchain, npm cache or test and type
 * files reaching the runtime stage, fails the run. Stated over the base because the base differs
 * by machine: 497 MB for the stand-in built here, about 220 MB for the official image.
 */
export const SIZE_CEILING_MB: Record<App, number> = { 'auth-api': 62, web: 38, 'ml-cli': 38 };

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

export async function checkSize(app: App, baseSize: number): Promise<string> {
  const size = await imageSize(image(app));
  const added = size - baseSize;
  const line = `${image(app)}: ${mb(size)} (${mb(added)} over the base image's ${mb(baseSize)}; ceiling ${SIZE_CEILING_MB[app]} MB)`;
  if (added > SIZE_CEILING_MB[app] * 1e6)
    fail(`${line}: over its ceiling (podman history ${image(app)} shows which layer grew)`);
  info(line);
  return line;
}

/** Runs in the image as built (its user, entrypoint and working directory), network off. */
export async function checkNativeModules(app: App): Promise<void> {
  const modules = NATIVE_MODULES[app];
  const script = `(async () => {
    for (const probe of [${modules.map((m) => PROBES[m]).join(', ')}]) console.log(await probe());
  })().catch((error) => {
    console.error(error);
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
