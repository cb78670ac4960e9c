import type { DataSource } from 'typeorm';
import { nativeDriver, type SqliteConnection } from './native-driver';
import { toPostgresPlaceholders } from './sql-values';

export type PreparedQuery<Row> = (params: unknown[]) => Promise<Row[]>;

/**
 * A read that runs on every request or sign-in, prepared once: a better-sqlite3 statement
 * (prepared on first use, after migrations) or a named PostgreSQL statement (parsed and planned
 * once per connection). `sql` uses `?` placeholders; other drivers go through TypeORM.
 */
export function preparedQuery<Row>(
  dataSource: DataSource,
  name: string,
  sql: string,
): PreparedQuery<Row> {
  const native = nativeDriver(dataSource);
  if (native?.kind === 'sqlite') {
    const { connection } = native;
    let statement: ReturnType<SqliteConnection['prepare']> | undefined;
    return (params) => {
      statement ??= connection.prepare(sql);
      return Promise.resolve(statement.all(...params) as Row[]);
    };
  }
  if (native?.kind === 'postgres') {
    const { pool } = native;
    const text = toPostgresPlaceholders(sql);
    return async (values) => (await pool.query({ name, text, values })).rows as Row[];
  }
  return (params) => dataSource.query(sql, params);
}
