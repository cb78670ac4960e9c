/**
 * npm run test:containers — the app images built and run for real, with podman (runc):
 *
 *   1. the base image node:22-bookworm-slim: present, else `podman pull`, else built by
 *      ../shared/containers/make-node-base-image.sh (Docker Hub is unreachable on these machines);
 *   2. each app's Dockerfile built from the repository root; each image stays under its size
 *      ceiling, and its native addons (argon2, better-sqlite3) load and work inside it;
 *   3. auth-api against this machine's PostgreSQL and Redis (--network host, read-only root
 *      filesystem as on ECS): migrations, /health, its HEALTHCHECK, a user registered and
 *      logged in through the container, the verification mail written under /tmp;
 *   4. web against that auth-api: /health, its HEALTHCHECK, the login page;
 *   5. ml-cli's default command (dataset → features → train), reporting to an MLflow server
 *      (the ml-cli tests' fake MLflow 2.12 on this machine);
 *   6. every container runs as a non-root user and stops on SIGTERM within 10 s, exiting
 *      by the signal's own path (0 or 143), not by SIGKILL (137).
 *
 * Needs root, podman, runc (and debootstrap for the base image): `.ci/run` installs them.
 * Options: --only=auth-api,web,ml-cli (web needs auth-api), --skip-build (reuse the images).
 * Env: CONTAINERS_POSTGRES_URL (an admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * CONTAINERS_REDIS_URL (default redis://127.0.0.1:6379).
 */
import { mkdirSync } from 'node:fs';
import { testAuthApi } from './auth-api.check';
import {
  APPS,
  checkStops,
  cleanups,
  containers,
  image,
  LOGS,
  results,
  runId,
  step,
  StepFailure,
  summary,
  type App,
} from './harness';
import { checkNativeModules, checkSize, NATIVE_MODULES } from './image-contents.check';
import { BASE_IMAGE, build, ensureBaseImage, ensureTools } from './images';
import { testMlCli } from './ml-cli.check';
import { podman } from './podman';
import { testWeb } from './web.check';

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',') as App[] | undefined;
const selected = APPS.filter(
  (a) => !only || only.includes(a) || (a === 'auth-api' && only.includes('web')),
);
const skipBuild = args.includes('--skip-build');

async function cleanup(): Promise<void> {
  for (const name of containers.reverse()) await podman(['rm', '--force', '--time', '2', name]);
  for (const task of cleanups.reverse()) {
    try {
      await task();
    } catch (error) {
      process.stdout.write(
        `  (cleanup: ${error instanceof Error ? error.message : String(error)})\n`,
      );
    }
  }
}

async function main(): Promise<void> {
  mkdirSync(LOGS, { recursive: true });
  process.stdout.write(`test:containers: ${selected.join(', ')} (logs in ${LOGS})\n`);
  await step('podman and runc are installed', ensureTools);
  await step(`base image ${BASE_IMAGE}`, ensureBaseImage);
  for (const app of selected) {
    if (skipBuild && (await podman(['image', 'exists', image(app)])).code === 0) continue;
    await step(`build ${image(app)} (apps/${app}/Dockerfile)`, () => build(app));
  }
  for (const app of selected) {
    await step(`${app}: the image stays under its size ceiling`, async () => {
      summary.push(await checkSize(app));
    });
    if (NATIVE_MODULES[app].length > 0)
      await step(
        `${app}: native modules load in the image (${NATIVE_MODULES[app].join(', ')})`,
        () => checkNativeModules(app),
      );
  }

  let auth: { url: string } | undefined;
  if (selected.includes('auth-api')) auth = await testAuthApi();
  if (selected.includes('web') && auth) await testWeb(auth.url);
  if (selected.includes('auth-api'))
    await step('auth-api: SIGTERM stops it within 10 s', () =>
      checkStops(`gatehouse-auth-api-${runId}`),
    );
  if (selected.includes('ml-cli')) await testMlCli();
}

main()
  .catch((error: unknown) => {
    if (!(error instanceof StepFailure))
      process.stdout.write(
        `  ✘ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    if (results.failed === 0) results.failed++;
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    if (summary.length > 0)
      process.stdout.write(`\nImages:\n${summary.map((s) => `  ${s}`).join('\n')}\n`);
    process.stdout.write(`\ncontainers: ${results.passed} passed, ${results.failed} failed\n`);
  });
