import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { insertRow } from '../../database/insert-row';
import { nativeDriver, type SqliteConnection, sqliteDate } from '../../database/native-driver';
import { TransactionService } from '../../database/transaction.service';
import { AuditEventEntity } from '../audit/audit-event.entity';
import type { AuditRow } from '../audit/audit.service';
import { RefreshTokenEntity } from './refresh-token.entity';

/** The first refresh token of a new session (family). */
export interface FirstToken {
  id: string;
  tokenHash: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  familyExpiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

type Write = (token: FirstToken, event: AuditRow, now: Date) => Promise<void>;

const TOKEN_COLUMNS = `id, token_hash, user_id, family_id, expires_at, family_expires_at,
                       created_at, user_agent, ip`;
const EVENT_COLUMNS = `id, type, user_id, actor_id, ip, user_agent, trace_id, details, created_at`;

const SQLITE_TOKEN_SQL = `INSERT INTO refresh_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SQLITE_EVENT_SQL = `INSERT INTO audit_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Both rows in one statement: one round trip, atomic without an open transaction. */
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

/**
 * Writes a new session's first refresh token together with the audit event of the sign-in that
 * opened it, in hand-written SQL: sign-in shares the cores with argon2, and TypeORM's
 * transaction and two inserts were the largest share of its event-loop time left.
 */
@Injectable()
export class SessionStart {
  readonly write: Write;

  constructor(@InjectDataSource() dataSource: DataSource, tx: TransactionService) {
    const native = nativeDriver(dataSource);
    if (native?.kind === 'postgres') {
      const { pool } = native;
      this.write = async (token, event, now) => {
        await pool.query({
          name: 'gatehouse_start_session',
          text: POSTGRES_SQL,
          values: [...tokenValues(token, now, (d) => d), ...eventValues(event)],
        });
      };
    } else if (native?.kind === 'sqlite') {
      // Synchronous statements between queued TypeORM transactions, never inside one of them.
      const write = sqliteWrite(native.connection);
      this.write = (token, event, now) => tx.exclusive(() => write(token, event, now));
    } else {
      this.write = (token, event) =>
        tx.run(async (m) => {
          await insertRow(m, RefreshTokenEntity, { ...token, revokedAt: null, replacedBy: null });
          await insertRow(m, AuditEventEntity, event);
        });
    }
  }
}

function sqliteWrite(connection: SqliteConnection) {
  type Statement = ReturnType<SqliteConnection['prepare']>;
  let statements: { token: Statement; event: Statement } | undefined;
  return (token: FirstToken, event: AuditRow, now: Date): void => {
    statements ??= {
      token: connection.prepare(SQLITE_TOKEN_SQL),
      event: connection.prepare(SQLITE_EVENT_SQL),
    };
    const { token: insertToken, event: insertEvent } = statements;
    const at = sqliteDate(now);
    connection.transaction(() => {
      insertToken.run(...tokenValues(token, at, sqliteDate));
      insertEvent.run(...eventValues(event), at);
    })();
  };
}
