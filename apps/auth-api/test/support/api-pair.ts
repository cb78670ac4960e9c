import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from './http-client';
import { spawnApi, waitForHealth } from './spawn-api';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Starting compiles the app from source: slow on a busy machine. Hooks need as long. */
export const PAIR_START_TIMEOUT_MS = 150_000;

export interface ApiPair {
  a: HttpClient;
  b: HttpClient;
  outbox: string;
  stop(): void;
}

/**
 * Two real auth-api processes on one database and one Redis, as behind a load balancer.
 */
export async function startApiPair(
  databaseUrl: string,
  env: Record<string, string>,
): Promise<ApiPair> {
  const outbox = mkdtempSync(join(tmpdir(), 'gatehouse-outbox-'));
  const shared = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'shared-secret-0123456789abcdef0123456789',
    ENCRYPTION_KEY: 'ab'.repeat(32),
    RATE_LIMIT_ENABLED: 'true',
    ARGON2_MEMORY_KIB: '8192',
    ARGON2_ITERATIONS: '1',
    MAIL_OUTBOX_DIR: outbox,
    LOG_LEVEL: 'warn',
    ...env,
  };
  const [portA, portB] = [await freePort(), await freePort()];
  // Both start at once (starting is mostly compiling); only the first migrates, and the
  // first is healthy only once it has.
  const a = spawnApi({ ...shared, PORT: String(portA) });
  const b = spawnApi({ ...shared, PORT: String(portB), DATABASE_MIGRATE: 'false' });
  const httpA = new HttpClient(`http://127.0.0.1:${portA}`);
  const httpB = new HttpClient(`http://127.0.0.1:${portB}`);
  const stop = () => {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  };
  try {
    await waitForHealth(httpA.baseUrl, a, PAIR_START_TIMEOUT_MS);
    await waitForHealth(httpB.baseUrl, b, PAIR_START_TIMEOUT_MS);
    return { a: httpA, b: httpB, outbox, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
