import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** A server process of the suite: started, stopped and started again on the same port. */
export class ServerProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly readyPath: string,
  ) {}

  get logs(): string {
    return this.output;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, this.args, {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited (${child.exitCode}):\n${this.output}`);
      try {
        if ((await fetch(this.url + this.readyPath)).status < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} did not start in time:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export interface Stack {
  api: ServerProcess;
  web: ServerProcess;
  outbox: string;
  /** auth-api's SQLite file, for tests that arrange stored rows (e.g. an old sign-in). */
  databasePath: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

export const ADMIN = { email: 'admin@example.com', password: 'tangerine orbit velvet lantern' };

/**
 * auth-api from source (`node -r ./tools/node/register.cjs apps/auth-api/src/main.ts`) on a
 * fresh SQLite file with a temporary mail outbox, and the built web app (dist/apps/web) in
 * front of it, each on a free port. Both keep their default TRUST_PROXY unless told otherwise.
 */
export async function startStack(
  webEnv: Record<string, string> = {},
  apiEnv: Record<string, string> | ((webUrl: string) => Promise<Record<string, string>>) = {},
  /** The web app's port, when the caller must know it first (WEBAUTHN_ORIGINS names it). */
  chosenWebPort?: number,
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-web-e2e-'));
  const [apiPort, webPort] = [await freePort(), chosenWebPort ?? (await freePort())];
  const webUrl = `http://127.0.0.1:${webPort}`;
  // Settings that depend on the web app's address (a provider's redirect URI) come last.
  const extraApiEnv = typeof apiEnv === 'function' ? await apiEnv(webUrl) : apiEnv;
  const outbox = join(dir, 'outbox');
  const api = new ServerProcess(
    'auth-api',
    `http://127.0.0.1:${apiPort}`,
    ['-r', './tools/node/register.cjs', 'apps/auth-api/src/main.ts'],
    {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATABASE_URL: join(dir, 'auth.sqlite'),
      DATA_DIR: join(dir, 'auth-data'),
      JWT_SECRET: 'web-e2e-jwt-secret-0123456789abcdefghijkl',
      MAIL_OUTBOX_DIR: outbox,
      WEB_BASE_URL: webUrl,
      RATE_LIMIT_ENABLED: 'false',
      ARGON2_MEMORY_KIB: '8192',
      ARGON2_ITERATIONS: '1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...extraApiEnv,
    },
    '/health/live',
  );
  const web = new ServerProcess(
    'web',
    webUrl,
    ['dist/apps/web/main.js'],
    {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(webPort),
      AUTH_API_URL: api.url,
      SESSION_SECRET: 'web-e2e-session-secret-0123456789abcdefgh',
      DATA_DIR: join(dir, 'web-data'),
      LOG_LEVEL: 'warn',
      ...webEnv,
    },
    '/',
  );
  await api.start();
  await web.start();
  return {
    api,
    web,
    outbox,
    databasePath: join(dir, 'auth.sqlite'),
    admin: ADMIN,
    stop: async () => {
      await web.stop();
      await api.stop();
    },
  };
}
