// npm run bench:auth — builds auth-api, starts it on SQLite then PostgreSQL, drives login, me
// and refresh with autocannon, and prints the figures beside this machine's own references:
// the raw argon2id verify rate (the limit for login) and a bare Nest-on-Fastify endpoint (the
// limit for /me). A script, not a test: the numbers depend on the machine.
import { Client } from 'pg';
import { argon2VerifyRate } from './argon2-rate';
import { load, type LoadResult } from './load';
import { buildAuthApi, startServer } from './processes';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const PASSWORD = 'correct horse battery staple';
/** The /auth/me load takes in turn the tokens of this many accounts' devices. */
const ME_ACCOUNTS = 16;
const ME_DEVICES = 8;
const PG_ADMIN = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const json = { 'content-type': 'application/json' };

async function post(url: string, body: unknown): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: json, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function benchDatabase(label: string, databaseUrl: string, port: number) {
  const server = await startServer(
    ['dist/apps/auth-api/main.js'],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DATABASE_MIGRATE: 'true',
      JWT_SECRET: 'benchmark-secret-0123456789abcdef0123456789',
      ENCRYPTION_KEY: 'ab'.repeat(32),
      MAIL_OUTBOX_DIR: '/tmp/gatehouse-bench-outbox',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'info',
      // The runtime settings of the auth-api image (apps/auth-api/Dockerfile).
      MALLOC_ARENA_MAX: '1',
      MALLOC_MMAP_THRESHOLD_: '67108864',
      MALLOC_TRIM_THRESHOLD_: '67108864',
      NODE_OPTIONS:
        process.env['BENCH_NODE_OPTIONS'] ?? '--max-old-space-size=160 --max-semi-space-size=4',
    },
    port,
  );
  try {
    const email = `bench-${Date.now()}@example.com`;
    await post(`${server.url}/auth/register`, { email, password: PASSWORD });
    const login = await load({
      name: 'login',
      url: server.url,
      connections: 16,
      seconds: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/auth/login',
          headers: json,
          body: JSON.stringify({ email, password: PASSWORD }),
        },
      ],
    });
    const peakAfter = { login: server.peakRssMb(), me: 0, refresh: 0 };
    // Many sessions, each request the next one's token, so a batch of concurrent lookups names
    // different sessions and users, as real traffic does: 16 accounts signed in on 8 devices.
    const accessTokens: string[] = [];
    await Promise.all(
      Array.from({ length: ME_ACCOUNTS }, async (_, i) => {
        const account = `bench-me-${i}-${Date.now()}@example.com`;
        await post(`${server.url}/auth/register`, { email: account, password: PASSWORD });
        for (let device = 0; device < ME_DEVICES; device++) {
          const pair = await post(`${server.url}/auth/login`, {
            email: account,
            password: PASSWORD,
          });
          accessTokens.push((pair as { access_token: string }).access_token);
        }
      }),
    );
    let nextToken = 0;
    const me = await load({
      name: 'me',
      url: server.url,
      connections: 64,
      seconds: SECONDS,
      requests: [
        {
          method: 'GET',
          path: '/auth/me',
          setupRequest: (request) => ({
            ...request,
            headers: {
              authorization: `Bearer ${accessTokens[nextToken++ % accessTokens.length]}`,
            },
          }),
        },
      ],
    });
    peakAfter.me = server.peakRssMb();
    // Sessions circulate through a queue: each request takes a refresh token, its answer puts
    // the successor back, so every token is presented exactly once (no reuse, no grace path).
    // Each run (the warm-up, then the measured one) can end with a token per connection in
    // flight, its successor never read: enough sessions for both.
    const queue: string[] = [];
    for (let i = 0; i < 96; i++)
      queue.push(
        (await post(`${server.url}/auth/login`, { email, password: PASSWORD })).refresh_token,
      );
    const refresh = await load({
      name: 'refresh',
      url: server.url,
      connections: 32,
      seconds: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/auth/refresh',
          headers: json,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ refresh_token: queue.shift() ?? '' }),
          }),
          onResponse: (status, body) => {
            if (status === 200)
              queue.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
          },
        },
      ],
    });
    peakAfter.refresh = server.peakRssMb();
    return { label, results: [login, me, refresh], peakRss: peakAfter.refresh, peakAfter };
  } finally {
    await server.stop();
  }
}

function print(title: string, rows: LoadResult[], references: Record<string, string>) {
  console.log(`\n${title}`);
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}   non-2xx ${r.non2xx}   ${references[r.name] ?? ''}`,
    );
  }
}

async function main() {
  buildAuthApi();
  console.log('\nreferences on this machine');
  const argon2Rate = await argon2VerifyRate();
  console.log(`  raw argon2id verify (m=19456 KiB, t=2, p=1): ${argon2Rate.toFixed(1)} /s`);
  const bareServer = await startServer(
    ['-r', './tools/node/register.cjs', 'tools/bench/auth/bare-server.ts'],
    {},
    8190,
    '/bare',
  );
  const bare = await load({
    name: 'bare',
    url: bareServer.url,
    connections: 64,
    seconds: SECONDS,
    requests: [{ method: 'GET', path: '/bare' }],
  });
  await bareServer.stop();
  console.log(
    `  bare Nest-on-Fastify GET: ${bare.rps.toFixed(0)} req/s (p50 ${bare.p50} ms, p99 ${bare.p99} ms)`,
  );

  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gatehouse_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE gatehouse_bench');
  const pgUrl = new URL(PG_ADMIN);
  pgUrl.pathname = '/gatehouse_bench';

  const runs = [
    await benchDatabase('SQLite', `/tmp/gatehouse-bench-${Date.now()}.sqlite`, 8191),
    await benchDatabase('PostgreSQL', pgUrl.toString(), 8192),
  ];
  await admin.query('DROP DATABASE IF EXISTS gatehouse_bench WITH (FORCE)');
  await admin.end();

  for (const run of runs) {
    const [login, me] = run.results;
    print(
      `auth-api on ${run.label} (peak RSS ${run.peakRss.toFixed(0)} MB; target < 200 MB; after login ${run.peakAfter.login.toFixed(0)}, me ${run.peakAfter.me.toFixed(0)})`,
      run.results,
      {
        login: `${(((login?.rps ?? 0) / argon2Rate) * 100).toFixed(0)}% of raw argon2id (target >= 85%)`,
        me: `${(((me?.rps ?? 0) / bare.rps) * 100).toFixed(1)}% of the bare endpoint (target >= ${run.label === 'SQLite' ? 25 : 12}%)`,
        refresh: run.label === 'PostgreSQL' ? '(target >= 1,500/s)' : '',
      },
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
