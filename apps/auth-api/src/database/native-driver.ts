import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AbstractSqliteDriver } from 'typeorm/driver/sqlite-abstract/AbstractSqliteDriver';

/** The parts of better-sqlite3's connection that hand-written hot paths use. */
export interface SqliteConnection {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
    run(...params: unknown[]): unknown;
  };
  transaction<T>(work: () => T): () => T;
  exec(sql: string): unknown;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
}

/** The part of pg's pool that runs named (server-side prepared) statements. */
export interface PostgresPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

export type NativeDriver =
  | { kind: 'sqlite'; connection: SqliteConnection }
  | { kind: 'postgres'; pool: PostgresPool };

/**
 * The fields read below are public members of TypeORM's driver classes (typed `any`); naming
 * them through these types makes a TypeORM upgrade that renames them fail the typecheck.
 */
type DriverHandles = Partial<Pick<AbstractSqliteDriver, 'databaseConnection'>> &
  Partial<Pick<PostgresDriver, 'master'>>;

const logger = new Logger('NativeDriver');
const warned = new WeakSet<DataSource>();

/**
 * The driver under TypeORM, for the few statements that run on every request: going past
 * TypeORM's query runner saves a third or more of their cost (README "## Benchmark"). Null
 * when it cannot be found; callers then run the same statements through TypeORM, correct but
 * slower, and that is logged once at startup so a TypeORM upgrade cannot lose it silently
 * (test/native-driver.e2e-spec.ts fails too).
 */
export function nativeDriver(dataSource: DataSource): NativeDriver | null {
  const driver = dataSource.driver as unknown as DriverHandles;
  const type = dataSource.options.type;
  if (type === 'better-sqlite3' && isSqliteConnection(driver.databaseConnection))
    return { kind: 'sqlite', connection: driver.databaseConnection };
  if (type === 'postgres' && isPostgresPool(driver.master))
    return { kind: 'postgres', pool: driver.master };
  if (!warned.has(dataSource)) {
    warned.add(dataSource);
    logger.warn(
      `no native ${type} driver under TypeORM: the login, /auth/me and refresh hot paths run ` +
        'through TypeORM instead (slower; check native-driver.ts after a TypeORM upgrade)',
    );
  }
  return null;
}

function isSqliteConnection(value: unknown): value is SqliteConnection {
  const candidate = value as Partial<SqliteConnection> | undefined;
  return typeof candidate?.prepare === 'function' && typeof candidate.transaction === 'function';
}

function isPostgresPool(value: unknown): value is PostgresPool {
  return typeof (value as Partial<PostgresPool> | undefined)?.query === 'function';
}
