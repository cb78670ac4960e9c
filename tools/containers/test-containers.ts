/**
 * npm run test:containers — the app images built and run for real, with podman (runc):
 *
 *   1. the base image node:22-bookworm-slim: present, else `podman pull`, else built by
 *      ../shared/containers/make-node-base-image.sh (Docker Hub is unreachable on these machines);
 *   2. each app's Dockerfile built from the repository root;
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
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, podman, run, sleep, ulimitFlags, waitFor, withoutPodmanNoise } from './podman';

const ROOT = resolve(__dirname, '..', '..');
const BASE_IMAGE = 'docker.io/library/node:22-bookworm-slim';
const BASE_SCRIPT = resolve(ROOT, '..', 'shared', 'containers', 'make-node-base-image.sh');
const LOGS = join(ROOT, 'dist', 'test-results', 'containers');
const APPS = ['auth-api', 'web', 'ml-cli'] as const;
type App = (typeof APPS)[number];
const image = (app: App) => `localhost/gatehouse-${app}:containers-test`;

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',') as App[] | undefined;
const selected = APPS.filter(
  (a) => !only || only.includes(a) || (a === 'auth-api' && only.includes('web')),
);
const skipBuild = args.includes('--skip-build');
const adminUrl =
  process.env['CONTAINERS_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env['CONTAINERS_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const runId = `${process.pid}-${randomBytes(3).toString('hex')}`;
const database = `gatehouse_containers_${runId.replace(/-/g, '_')}`;
const redisPrefix = `gatehouse-containers-${runId}:`;

const containers: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
const summary: string[] = [];
let passed = 0;
let failed = 0;
let stepNumber = 0;

class StepFailure extends Error {}

function fail(message: string): never {
  throw new StepFailure(message);
}

async function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  stepNumber++;
  const started = Date.now();
  process.stdout.write(`▶ ${stepNumber}. ${title}\n`);
  try {
    const result = await body();
    passed++;
    process.stdout.write(`  ✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    failed++;
    process.stdout.write(
      `  ✘ ${title}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    throw error;
  }
}

const info = (line: string) => process.stdout.write(`    ${line}\n`);

async function must(what: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  const result = await podman(args, { timeoutMs });
  if (result.code !== 0)
    fail(
      `${what} failed (exit ${result.code}): ${withoutPodmanNoise(result.stderr || result.stdout).slice(-2000)}`,
    );
  return result.stdout.trim();
}

function runFlags(name: string): string[] {
  // --health-interval=disable: no systemd timer (none here); `podman healthcheck run` still runs it.
  return ['--name', name, '--network', 'host', '--health-interval=disable', ...ulimitFlags()];
}

async function logsOf(name: string): Promise<string> {
  const result = await podman(['logs', name]);
  return withoutPodmanNoise(`${result.stdout}\n${result.stderr}`).split('\n').slice(-30).join('\n');
}

async function start(
  name: string,
  flags: string[],
  env: Record<string, string>,
  imageName: string,
  command: string[] = [],
): Promise<void> {
  containers.push(name);
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  await must(`podman run ${name}`, [
    'run',
    '--detach',
    ...runFlags(name),
    ...flags,
    ...envFlags,
    imageName,
    ...command,
  ]);
}

async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: callers look at text
  }
  return { status: response.status, body, text };
}

async function waitHealthy(
  name: string,
  url: string,
  expect: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return waitFor(`${name} ${url}`, 90_000, async () => {
    const state = await podman(['inspect', '--format', '{{.State.Status}}', name]);
    if (state.stdout.trim() !== 'running')
      fail(`${name} is ${state.stdout.trim() || 'gone'}:\n${await logsOf(name)}`);
    const { status, body } = await json(url);
    if (status === 200 && expect(body)) return body;
    throw new Error(`${status} ${JSON.stringify(body)}`);
  });
}

async function checkHealthcheck(name: string): Promise<void> {
  const result = await podman(['healthcheck', 'run', name], { timeoutMs: 30_000 });
  if (result.code !== 0)
    fail(
      `the image's HEALTHCHECK reports ${withoutPodmanNoise(result.stdout + result.stderr) || 'unhealthy'}`,
    );
  info(`HEALTHCHECK: ${withoutPodmanNoise(result.stdout) || 'healthy'}`);
}

async function checkNonRoot(name: string): Promise<void> {
  const uid = (await must('podman exec id', ['exec', name, 'id', '-u'])).trim();
  const user = await must('podman inspect', ['inspect', '--format', '{{.Config.User}}', name]);
  if (uid === '0') fail(`${name} runs as root (image USER "${user}")`);
  info(`runs as uid ${uid} (image USER ${user})`);
}

/** SIGTERM (podman stop, 10 s grace) must end the container by itself, well before SIGKILL. */
async function checkStops(name: string): Promise<void> {
  const started = Date.now();
  await must('podman stop', ['stop', '--time', '10', name], 30_000);
  const seconds = (Date.now() - started) / 1000;
  const code = Number(
    await must('podman inspect', ['inspect', '--format', '{{.State.ExitCode}}', name]),
  );
  info(`stopped in ${seconds.toFixed(1)} s, exit code ${code}`);
  if (code === 137 || seconds >= 10)
    fail(
      `${name} ignored SIGTERM and was killed (exit ${code}, ${seconds.toFixed(1)} s):\n${await logsOf(name)}`,
    );
  if (code !== 0 && code !== 143)
    fail(`${name} exited with ${code} on SIGTERM:\n${await logsOf(name)}`);
}

async function imageSize(name: string): Promise<number> {
  return Number(
    await must('podman image inspect', ['image', 'inspect', '--format', '{{.Size}}', name]),
  );
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function ensureTools(): Promise<void> {
  for (const tool of ['podman', 'runc']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]);
    if (found.code !== 0)
      fail(`${tool} is not installed (apt-get install -y podman runc debootstrap)`);
  }
  info((await run('podman', ['--version'])).stdout.trim());
}

async function ensureBaseImage(): Promise<void> {
  if ((await podman(['image', 'exists', BASE_IMAGE])).code === 0) {
    info(`${BASE_IMAGE} is present`);
    return;
  }
  info(`${BASE_IMAGE} is missing: trying podman pull`);
  const pulled = await podman(['pull', BASE_IMAGE], { timeoutMs: 120_000 });
  if (pulled.code === 0) return;
  info(
    `pull failed (${withoutPodmanNoise(pulled.stderr).split('\n').at(-1) ?? ''}); building it with ${BASE_SCRIPT}`,
  );
  if (!existsSync(BASE_SCRIPT)) fail(`${BASE_SCRIPT} not found: cannot make ${BASE_IMAGE}`);
  const made = await run('bash', [BASE_SCRIPT, '22'], {
    timeoutMs: 1_800_000,
    logFile: join(LOGS, 'base-image.log'),
  });
  if (made.code !== 0)
    fail(
      `${BASE_SCRIPT} failed (see ${join(LOGS, 'base-image.log')}): ${made.stderr.slice(-1500)}`,
    );
  info(made.stdout.trim());
}

async function build(app: App): Promise<void> {
  const log = join(LOGS, `${app}-build.log`);
  rmSync(log, { force: true });
  const result = await podman(
    [
      'build',
      '--format',
      'docker',
      '--network',
      'host',
      '--file',
      `apps/${app}/Dockerfile`,
      '--tag',
      image(app),
      ROOT,
    ],
    {
      timeoutMs: 2_400_000,
      logFile: log,
      onLine: (line) =>
        /^\[\d+\/\d+\] STEP \d+\/\d+: (FROM|RUN)/.test(line) && info(line.slice(0, 140)),
    },
  );
  if (result.code !== 0)
    fail(
      `podman build failed (full log: ${log}):\n${result.stdout.split('\n').slice(-25).join('\n')}\n${withoutPodmanNoise(result.stderr).slice(-1500)}`,
    );
}

async function createDatabase(): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Removes this run's rate-limit counters from the shared Redis. */
async function dropRedisKeys(): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function testAuthApi(): Promise<{ url: string; email: string; password: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const name = `gatehouse-auth-api-${runId}`;
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: await step('PostgreSQL: a fresh database for this run', async () => {
      const databaseUrl = await createDatabase();
      info(`${database} on ${new URL(adminUrl).host}`);
      return databaseUrl;
    }),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  cleanups.push(dropRedisKeys);
  // As on ECS: read-only root filesystem, /tmp writable (podman mounts a tmpfs there).
  const readOnly = ['--read-only'];

  await step('auth-api: node main.js migrate', async () => {
    const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    const out = await must('migrate', [
      'run',
      '--rm',
      '--network',
      'host',
      ...ulimitFlags(),
      ...readOnly,
      ...envFlags,
      image('auth-api'),
      'node',
      'main.js',
      'migrate',
    ]);
    info(withoutPodmanNoise(out).split('\n').at(-1) ?? '');
  });

  await step('auth-api: serves, /health is ok with the database and Redis', async () => {
    await start(name, readOnly, env, image('auth-api'));
    const body = await waitHealthy(name, `${url}/health`, (b) => b['status'] === 'ok');
    if (body['db'] !== true || body['redis'] !== true)
      fail(`/health answered ${JSON.stringify(body)}`);
    info(`GET /health → ${JSON.stringify(body)}`);
    await checkHealthcheck(name);
  });

  await step('auth-api: runs as a non-root user', () => checkNonRoot(name));

  const email = `containers-${runId}@example.com`;
  const password = `Quartz-${randomBytes(6).toString('hex')}-Lantern`;
  await step('auth-api: register, log in and read /auth/me through the container', async () => {
    const headers = { 'content-type': 'application/json' };
    const registered = await json(`${url}/auth/register`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password }),
    });
    if (registered.status !== 201)
      fail(`POST /auth/register → ${registered.status} ${registered.text}`);
    info(`POST /auth/register → 201 (user ${String(registered.body['id'])})`);
    const login = await json(`${url}/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password }),
    });
    const token = login.body['access_token'];
    if (login.status !== 200 || typeof token !== 'string')
      fail(`POST /auth/login → ${login.status} ${login.text}`);
    info('POST /auth/login → 200 (access and refresh tokens)');
    const me = await json(`${url}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    if (me.status !== 200 || me.body['email'] !== email)
      fail(`GET /auth/me → ${me.status} ${me.text}`);
    info(`GET /auth/me → 200 ${email}`);
    // The verification mail lands in MAIL_OUTBOX_DIR (/tmp/mail-outbox): the one writable path.
    const outbox = await waitFor('verification mail in /tmp/mail-outbox', 15_000, async () => {
      const listed = await podman(['exec', name, 'sh', '-c', 'ls /tmp/mail-outbox']);
      return listed.code === 0 && listed.stdout.includes('.eml') ? listed.stdout.trim() : undefined;
    });
    info(`mail written to /tmp/mail-outbox: ${outbox.split('\n').length} .eml file(s)`);
  });
  return { url, email, password };
}

async function testWeb(authUrl: string): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const name = `gatehouse-web-${runId}`;
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    AUTH_API_URL: authUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };

  await step('web: serves, /health sees auth-api', async () => {
    await start(name, ['--read-only'], env, image('web'));
    const body = await waitHealthy(name, `${url}/health`, (b) => b['status'] === 'ok');
    if (body['auth'] !== true) fail(`/health answered ${JSON.stringify(body)}`);
    info(`GET /health → ${JSON.stringify(body)}`);
    await checkHealthcheck(name);
  });

  await step('web: the login page renders, with its stylesheet', async () => {
    const page = await fetch(`${url}/login`, { signal: AbortSignal.timeout(10_000) });
    const html = await page.text();
    if (
      page.status !== 200 ||
      !/<form[^>]*method="post"/i.test(html) ||
      !/type="password"/.test(html)
    ) {
      fail(`GET /login → ${page.status}: ${html.slice(0, 300)}`);
    }
    const css = /href="(\/[^"]+\.css)"/.exec(html)?.[1];
    if (!css) fail('the login page links no stylesheet');
    const stylesheet = await fetch(`${url}${css}`, { signal: AbortSignal.timeout(10_000) });
    if (stylesheet.status !== 200) fail(`GET ${css} → ${stylesheet.status}`);
    info(`GET /login → 200 (${html.length} bytes, a login form); GET ${css} → 200`);
  });

  await step('web: runs as a non-root user', () => checkNonRoot(name));
  await step('web: SIGTERM stops it within 10 s', () => checkStops(name));
}

interface FakeMlflow {
  url: string;
  requests: { method: string; path: string }[];
  stop(): Promise<void>;
}

async function fakeMlflow(): Promise<FakeMlflow> {
  // The ml-cli tests' in-process MLflow 2.12 server (checked against recorded MLflow exchanges).
  const module = (await import(join(ROOT, 'apps/ml-cli/src/test/fake-mlflow-server'))) as {
    FakeMlflowServer: { start(): Promise<FakeMlflow> };
  };
  return module.FakeMlflowServer.start();
}

async function testMlCli(): Promise<void> {
  const mlflow = await fakeMlflow();
  cleanups.push(() => mlflow.stop());
  const name = `gatehouse-ml-cli-${runId}`;
  await step(
    `ml-cli: the default command (dataset → features → train) against MLflow at ${mlflow.url}`,
    async () => {
      containers.push(name);
      const result = await podman(
        ['run', ...runFlags(name), '--env', `MLFLOW_TRACKING_URI=${mlflow.url}`, image('ml-cli')],
        { timeoutMs: 600_000, logFile: join(LOGS, 'ml-cli-run.log') },
      );
      if (result.code !== 0)
        fail(
          `exit ${result.code}:\n${withoutPodmanNoise(result.stderr).split('\n').slice(-20).join('\n')}`,
        );
      for (const line of withoutPodmanNoise(result.stderr)
        .split('\n')
        .filter((l) => /accuracy|champion|registered|run /i.test(l))
        .slice(-4))
        info(line.trim());
      const scratch = mkdtempSync(join(tmpdir(), 'ml-cli-'));
      try {
        await must('podman cp', [
          'cp',
          `${name}:/app/reports/metrics.json`,
          join(scratch, 'metrics.json'),
        ]);
        const metrics = JSON.parse(readFileSync(join(scratch, 'metrics.json'), 'utf8')) as Record<
          string,
          unknown
        >;
        info(`reports/metrics.json: ${JSON.stringify(metrics).slice(0, 160)}`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      const created = mlflow.requests.filter((r) => r.path.includes('/runs/create')).length;
      const artifacts = mlflow.requests.filter(
        (r) => r.method === 'PUT' && r.path.includes('mlflow-artifacts'),
      ).length;
      if (created !== 1 || artifacts === 0)
        fail(`MLflow saw ${created} runs created and ${artifacts} artifact uploads`);
      info(
        `MLflow: 1 run created, ${artifacts} artifacts uploaded, ${mlflow.requests.length} requests in all`,
      );
    },
  );

  await step(
    'ml-cli: runs as a non-root user, and SIGTERM stops a running pipeline within 10 s',
    async () => {
      // The default pipeline takes about 2 s. Against an MLflow server that accepts connections
      // and never answers, train (which opens its run first) waits: a running pipeline to stop.
      const silent = createServer(() => undefined);
      await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
      cleanups.push(() => new Promise((done) => silent.close(done)));
      silent.on('connection', (socket) => cleanups.push(() => Promise.resolve(socket.destroy())));
      const port = (silent.address() as AddressInfo).port;
      const running = `${name}-stop`;
      await start(
        running,
        [],
        { MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}`, MLFLOW_TIMEOUT_MS: '60000' },
        image('ml-cli'),
      );
      await waitFor('the pipeline to reach its train stage', 30_000, async () =>
        (await logsOf(running)).includes('[features] done') ? true : undefined,
      );
      await sleep(500);
      const state = await must('podman inspect', [
        'inspect',
        '--format',
        '{{.State.Status}}',
        running,
      ]);
      if (state !== 'running')
        fail(`the pipeline was ${state} during training:\n${await logsOf(running)}`);
      await checkNonRoot(running);
      await checkStops(running);
    },
  );
}

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
  const baseSize = await imageSize(BASE_IMAGE);
  for (const app of selected) {
    if (skipBuild && (await podman(['image', 'exists', image(app)])).code === 0) continue;
    await step(`build ${image(app)} (apps/${app}/Dockerfile)`, () => build(app));
  }
  for (const app of selected) {
    const size = await imageSize(image(app));
    summary.push(
      `${image(app)}: ${mb(size)} (${mb(size - baseSize)} over the base image's ${mb(baseSize)})`,
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
    if (failed === 0) failed++;
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    if (summary.length > 0)
      process.stdout.write(`\nImages:\n${summary.map((s) => `  ${s}`).join('\n')}\n`);
    process.stdout.write(`\ncontainers: ${passed} passed, ${failed} failed\n`);
  });
