import type { DataSource } from 'typeorm';
import type { NativeDriver, SqliteConnection } from '../../database/native-driver';
import { toSqliteDate } from '../../database/sql-dates';
import type { TransactionService } from '../../database/transaction.service';
import type { AuditRow } from '../audit/audit.service';
import type { FirstToken } from './session-records';

/**
 * A new session's first token and the audit event of its sign-in, in hand-written SQL. Serves
 * the login figure (16 connections, README "## Benchmark"): sign-in shares the cores with
 * argon2, and TypeORM's transaction and two inserts were the largest share of its event-loop
 * time left.
 */
export type WriteSessionStart = (token: FirstToken, event: AuditRow, now: Date) => Promise<void>;

const TOKEN_COLUMNS = `id, token_hash, user_id, family_id, expires_at, family_expires_at,
                       created_at, user_agent, ip`;
const EVENT_COLUMNS = `id, type, user_id, actor_id, ip, user_agent, trace_id, details, created_at`;

/** SQLite: two prepared statements in one transaction. */
const SQLITE_TOKEN_SQL = `INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQLITE_EVENT_SQL = `INSERT INTO audit_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** PostgreSQL: both rows in one statement, one round trip, atomic without an open transaction. */
const POSTGRES_SQL = `
  WITH token AS (
    INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    RETURNING id)
  INSERT INTO audit_events (${EVENT_COLUMNS})
  SELECT $10, $11, $12, $13, $14, $15, $16, $17, $7 FROM token`;

const tokenValues = (t: FirstToken, at: unknown, date: (d: Date) => unknown) => [
  t.id,
  t.tokenHash,
  t.userId,
  t.familyId,
  date(t.expiresAt),
  date(t.familyExpiresAt),
  at,
  t.userAgent,
  t.ip,
];

const eventValues = (e: AuditRow) => [
  e.id,
  e.type,
  e.userId,
  e.actorId,
  e.ip,
  e.userAgent,
  e.traceId,
  JSON.stringify(e.details),
];

/** The writer for the driver found; without it, the same statements through TypeORM. */
export function sessionStartWriter(
  native: NativeDriver | null,
  dataSource: DataSource,
  tx: TransactionService,
): WriteSessionStart {
  if (native?.kind === 'postgres') {
    const { pool } = native;
    return async (token, event, now) => {
      await pool.query({
        name: 'gatehouse_start_session',
        text: POSTGRES_SQL,
        values: postgresValues(token, event, now),
      });
    };
  }
  if (native?.kind === 'sqlite') {
    // Synchronous statements between queued TypeORM transactions, never inside one of them.
    const write = sqliteWrite(native.connection);
    return (token, event, now) => tx.exclusive(() => write(token, event, now));
  }
  if (dataSource.options.type === 'postgres')
    return async (token, event, now) => {
      await dataSource.query(POSTGRES_SQL, postgresValues(token, event, now));
    };
  return (token, event, now) =>
    tx.run(async (m) => {
      const at = toSqliteDate(now);
      await m.query(SQLITE_TOKEN_SQL, tokenValues(token, at, toSqliteDate));
      await m.query(SQLITE_EVENT_SQL, [...eventValues(event), at]);
    });
}

const postgresValues = (token: FirstToken, event: AuditRow, now: Date) => [
  ...tokenValues(token, now, (d) => d),
  ...eventValues(event),
];

function sqliteWrite(connection: SqliteConnection) {
  type Statement = ReturnType<SqliteConnection['prepare']>;
  let statements: { token: Statement; event: Statement } | undefined;
  return (token: FirstToken, event: AuditRow, now: Date): void => {
    statements ??= {
      token: connection.prepare(SQLITE_TOKEN_SQL),
      event: connection.prepare(SQLITE_EVENT_SQL),
    };
    const { token: insertToken, event: insertEvent } = statements;
    const at = toSqliteDate(now);
    connection.transaction(() => {
      insertToken.run(...tokenValues(token, at, toSqliteDate));
      insertEvent.run(...eventValues(event), at);
    })();
  };
}
