import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nativeDriver, type SqliteConnection } from '../../database/native-driver';
import { sqlBoolean, sqlDate, toPostgresPlaceholders } from '../../database/sql-values';
import type { PrincipalRecord } from './principal';

/**
 * The hot path of every authenticated request: the user, their roles and whether the token's
 * session is still live, in one round trip. Hand-written SQL because this runs per request.
 */
const PRINCIPAL_SQL = `
  SELECT u.id, u.email, u.first_name, u.last_name, u.is_active, u.is_verified,
         u.tokens_valid_after, u.created_at, u.updated_at, r.name AS role, m.enabled_at AS mfa_enabled_at,
         (SELECT MAX(t.family_expires_at) FROM refresh_tokens t
           WHERE t.family_id = ? AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_expires_at
    FROM users u
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
    LEFT JOIN user_mfa m ON m.user_id = u.id
   WHERE u.id = ?`;

interface PrincipalRow {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  is_active: unknown;
  is_verified: unknown;
  tokens_valid_after: unknown;
  created_at: unknown;
  updated_at: unknown;
  role: string | null;
  mfa_enabled_at: unknown;
  session_expires_at: unknown;
}

type RunQuery = (params: [string, string]) => Promise<PrincipalRow[]>;

@Injectable()
export class PrincipalRepository {
  private readonly run: RunQuery;

  /** A statement prepared once (SQLite) or a named prepared statement (PostgreSQL). */
  constructor(@InjectDataSource() dataSource: DataSource) {
    const native = nativeDriver(dataSource);
    if (native?.kind === 'sqlite') {
      const { connection } = native;
      let statement: ReturnType<SqliteConnection['prepare']> | undefined; // prepared on first use, after migrations
      this.run = (params) => {
        statement ??= connection.prepare(PRINCIPAL_SQL);
        return Promise.resolve(statement.all(...params) as PrincipalRow[]);
      };
    } else if (native?.kind === 'postgres') {
      const { pool } = native;
      const text = toPostgresPlaceholders(PRINCIPAL_SQL);
      this.run = async (values) =>
        (await pool.query({ name: 'gatehouse_principal', text, values })).rows as PrincipalRow[];
    } else {
      this.run = (params) => dataSource.query(PRINCIPAL_SQL, params);
    }
  }

  async find(userId: string, sessionId: string, now = new Date()): Promise<PrincipalRecord | null> {
    const rows = await this.run([sessionId, userId]);
    const first = rows[0];
    if (!first) return null;
    const sessionExpiresAt = sqlDate(first.session_expires_at);
    return {
      id: first.id,
      email: first.email,
      firstName: first.first_name,
      lastName: first.last_name,
      isActive: sqlBoolean(first.is_active),
      isVerified: sqlBoolean(first.is_verified),
      mfaEnabled: first.mfa_enabled_at !== null && first.mfa_enabled_at !== undefined,
      roles: rows.flatMap((row) => (row.role ? [row.role] : [])),
      createdAt: sqlDate(first.created_at) ?? now,
      updatedAt: sqlDate(first.updated_at) ?? now,
      tokensValidAfter: sqlDate(first.tokens_valid_after),
      sessionLive: sessionExpiresAt !== null && sessionExpiresAt > now,
    };
  }
}
