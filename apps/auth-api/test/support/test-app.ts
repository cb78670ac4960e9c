import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { createApp } from '../../src/create-app';
import { toPostgresPlaceholders } from '../../src/database/sql-values';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { HttpClient } from './http-client';

export const TEST_JWT_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: HttpClient;
  dataSource: DataSource;
  /** Raw SQL with `?` placeholders on either database, to check and arrange stored rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Boots the real auth API (the same createApp as main.ts) on a free port, against the given
 * database, with migrations applied on start. argon2 is cheaper here than in production so
 * the suites stay fast; the production defaults are covered by the config spec.
 */
export async function startApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '8192',
    ARGON2_ITERATIONS: '1',
    // Limits are tested by their own suite; elsewhere they would make outcomes order-dependent.
    RATE_LIMIT_ENABLED: 'false',
    DATA_DIR: dataDir,
    MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const postgres = dataSource.options.type === 'postgres';
  return {
    app,
    config,
    http: new HttpClient(`http://127.0.0.1:${port}`),
    dataSource,
    query: (sql, params) => dataSource.query(postgres ? toPostgresPlaceholders(sql) : sql, params),
    close: () => app.close(),
  };
}

/** A stand-in that forwards to the object `current()` returns once the hooks have run. */
function live<T extends object>(current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = current();
      if (!target) throw new Error('the test app is used outside the tests (before beforeAll)');
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/**
 * The usual suite set-up: a database of its own and the app on it, started before the suite's
 * tests and stopped (database dropped) after them.
 */
export function useTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): { sut: RunningApp; db: TestDatabase } {
  let app: RunningApp | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    app = await startApp(database, env);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });
  return { sut: live(() => app), db: live(() => database) };
}
