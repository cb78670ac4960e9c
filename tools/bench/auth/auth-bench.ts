// npm run bench:auth — builds auth-api, starts it on SQLite then PostgreSQL, drives login, me
// and refresh with autocannon and passkey sign-ins (options, then assertion) in closed loops,
// and prints the figures beside this machine's own references: the raw argon2id verify rate
// (the limit for login) and a bare Nest-on-Fastify endpoint (the limit for /me). A script, not
// a test: the numbers depend on the machine. The machine's speed drifts by a fifth within
// minutes, so each reference is measured next to the phase it is the limit of, just before and
// just after it; the percentages are of their mean.
import { Client } from 'pg';
import { argon2VerifyRate } from './argon2-rate';
import { json, post } from './http';
import { load } from './load';
import { addPasskeys, passkeySignIns } from './passkey-load';
import { buildAuthApi, startServer } from './processes';
import { IMAGE_RUNTIME_ENV } from './runtime-env';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const PASSWORD = 'correct horse battery staple';
/** The /auth/me load takes in turn the tokens of this many accounts' devices. */
const ME_ACCOUNTS = 16;
const ME_DEVICES = 8;
/** Concurrent passkey sign-ins, each with its own credential (a counter only goes up). */
const PASSKEY_WORKERS = 8;
const PG_ADMIN = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function benchDatabase(label: string, databaseUrl: string, port: number, bareUrl: string) {
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
      ...IMAGE_RUNTIME_ENV,
    },
    port,
  );
  try {
    const email = `bench-${Date.now()}@example.com`;
    await post(`${server.url}/auth/register`, { email, password: PASSWORD });
    const argon2Before = argon2VerifyRate();
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
    const argon2After = argon2VerifyRate();
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
    const bareBefore = await bareRate(bareUrl);
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
    const bareAfter = await bareRate(bareUrl);
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
    // Passkey sign-ins: one software authenticator per concurrent user of the bench account.
    const signedIn = await post(`${server.url}/auth/login`, { email, password: PASSWORD });
    const authenticators = await addPasskeys(server.url, signedIn.access_token, PASSKEY_WORKERS);
    const passkey = await passkeySignIns(server.url, authenticators, SECONDS);
    return {
      label,
      results: [login, me, refresh, passkey],
      references: { argon2Before, argon2After, bareBefore, bareAfter },
      peakAfter,
    };
  } finally {
    await server.stop();
  }
}

/** The bare endpoint's rate, with the same load as /auth/me. */
async function bareRate(url: string): Promise<number> {
  const bare = await load({
    name: 'bare',
    url,
    connections: 64,
    seconds: SECONDS,
    requests: [{ method: 'GET', path: '/bare' }],
  });
  return bare.rps;
}

type Run = Awaited<ReturnType<typeof benchDatabase>>;

function report(run: Run): void {
  const { argon2Before, argon2After, bareBefore, bareAfter } = run.references;
  const argon2 = (argon2Before + argon2After) / 2;
  const bare = (bareBefore + bareAfter) / 2;
  const [login, me] = run.results;
  const percent = (value: number, of: number, digits = 0) =>
    `${((value / of) * 100).toFixed(digits)}%`;
  const peak = run.peakAfter;
  console.log(
    `\nauth-api on ${run.label} (peak RSS ${peak.refresh.toFixed(0)} MB, target < 200 MB; after login ${peak.login.toFixed(0)}, me ${peak.me.toFixed(0)})`,
  );
  console.log(
    `  references: raw argon2id verify (m=19456 KiB, t=2, p=1) ${argon2.toFixed(1)}/s (${argon2Before.toFixed(1)} before login, ${argon2After.toFixed(1)} after); bare Nest-on-Fastify GET ${bare.toFixed(0)} req/s (${bareBefore.toFixed(0)} before /me, ${bareAfter.toFixed(0)} after)`,
  );
  const notes: Record<string, string> = {
    login: `${percent(login?.rps ?? 0, argon2)} of raw argon2id (target >= 85%)`,
    me: `${percent(me?.rps ?? 0, bare, 1)} of the bare endpoint (target >= ${run.label === 'SQLite' ? 25 : 12}%)`,
    refresh: run.label === 'PostgreSQL' ? '(target >= 1,500/s)' : '',
    passkey: `whole ceremonies (options + assertion), ${PASSKEY_WORKERS} at a time`,
  };
  for (const r of run.results) {
    console.log(
      `  ${r.name.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}   non-2xx ${r.non2xx}   ${notes[r.name] ?? ''}`,
    );
  }
}

async function main() {
  buildAuthApi();
  const bareServer = await startServer(
    ['-r', './tools/node/register.cjs', 'tools/bench/auth/bare-server.ts'],
    {},
    8190,
    '/bare',
  );
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS gatehouse_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE gatehouse_bench');
  const pgUrl = new URL(PG_ADMIN);
  pgUrl.pathname = '/gatehouse_bench';

  try {
    const runs = [
      await benchDatabase(
        'SQLite',
        `/tmp/gatehouse-bench-${Date.now()}.sqlite`,
        8191,
        bareServer.url,
      ),
      await benchDatabase('PostgreSQL', pgUrl.toString(), 8192, bareServer.url),
    ];
    runs.forEach(report);
  } finally {
    await bareServer.stop();
    await admin.query('DROP DATABASE IF EXISTS gatehouse_bench WITH (FORCE)');
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
