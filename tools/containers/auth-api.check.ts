import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  checkHealthcheck,
  checkNonRoot,
  cleanups,
  fail,
  image,
  info,
  json,
  must,
  runId,
  start,
  step,
  waitHealthy,
} from './harness';
import { freePort, podman, ulimitFlags, waitFor, withoutPodmanNoise } from './podman';

/** auth-api against this machine's PostgreSQL and Redis, as on ECS (read-only root filesystem). */
const adminUrl =
  process.env['CONTAINERS_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env['CONTAINERS_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const database = `gatehouse_containers_${runId.replace(/-/g, '_')}`;
const redisPrefix = `gatehouse-containers-${runId}:`;

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

export async function testAuthApi(): Promise<{ url: string; email: string; password: string }> {
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
