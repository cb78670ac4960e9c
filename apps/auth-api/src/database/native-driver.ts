import type { DataSource } from 'typeorm';

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
 * The driver under TypeORM, for the few statements that run on every request: going past
 * TypeORM's query runner saves a third or more of their cost. Null for any other driver.
 */
export function nativeDriver(dataSource: DataSource): NativeDriver | null {
  const driver = dataSource.driver as unknown as {
    databaseConnection?: SqliteConnection;
    master?: PostgresPool;
  };
  if (dataSource.options.type === 'better-sqlite3' && driver.databaseConnection)
    return { kind: 'sqlite', connection: driver.databaseConnection };
  if (dataSource.options.type === 'postgres' && driver.master)
    return { kind: 'postgres', pool: driver.master };
  return null;
}

/** A Date as TypeORM writes it to a SQLite `datetime` column: UTC, 'YYYY-MM-DD HH:MM:SS.SSS'. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}
