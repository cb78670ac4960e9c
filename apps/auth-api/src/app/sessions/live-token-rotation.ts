import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nativeDriver, type SqliteConnection, sqliteDate } from '../../database/native-driver';
import { sqlDate } from '../../database/sql-values';
import { TransactionService } from '../../database/transaction.service';
import { postgresRotation } from './postgres-token-rotation';
import { holderOf, type HolderRow } from './token-holder';

/** The successor row a rotation inserts. */
export interface Successor {
  id: string;
  tokenHash: string;
  /** Idle expiry; the family's absolute expiry caps it. */
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** The session a token was rotated in, and what the new access token needs of its user. */
export interface RotatedFamily {
  userId: string;
  familyId: string;
  user: { isActive: boolean; roles: string[] };
}

type Rotate = (tokenHash: string, successor: Successor, now: Date) => Promise<RotatedFamily | null>;

/** Claims a live token: only the first of concurrent claims matches `revoked_at IS NULL`. */
const CLAIM_SQL = `
  UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ?
   WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND family_expires_at > ?
  RETURNING user_id, family_id, family_expires_at`;

const INSERT_SQL = `
  INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, expires_at, family_expires_at,
                              created_at, user_agent, ip)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const HOLDER_SQL = `
  SELECT u.is_active, r.name AS role
    FROM users u
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
   WHERE u.id = ?`;

interface ClaimedRow {
  user_id: string;
  family_id: string;
  family_expires_at: unknown;
}
/**
 * The common refresh, a live token exchanged for its successor, done atomically in hand-written
 * SQL (on PostgreSQL, the refreshes of one event-loop turn in one statement). Anything else
 * (unknown, expired, already rotated) yields null, and SessionsService judges it in a full
 * transaction: grace for parallel tabs, or reuse that revokes the family.
 */
@Injectable()
export class LiveTokenRotation {
  readonly rotate: Rotate;

  constructor(@InjectDataSource() dataSource: DataSource, tx: TransactionService) {
    const native = nativeDriver(dataSource);
    if (native?.kind === 'postgres') {
      this.rotate = postgresRotation(native.pool);
    } else if (native?.kind === 'sqlite') {
      // Synchronous statements between queued TypeORM transactions, never inside one of them.
      const rotate = sqliteRotation(native.connection);
      this.rotate = (tokenHash, next, now) => tx.exclusive(() => rotate(tokenHash, next, now));
    } else {
      this.rotate = () => Promise.resolve(null);
    }
  }
}

function sqliteRotation(connection: SqliteConnection) {
  type Statement = ReturnType<SqliteConnection['prepare']>;
  let statements: { claim: Statement; insert: Statement; holder: Statement } | undefined;
  return (tokenHash: string, next: Successor, now: Date): RotatedFamily | null => {
    statements ??= {
      claim: connection.prepare(CLAIM_SQL),
      insert: connection.prepare(INSERT_SQL),
      holder: connection.prepare(HOLDER_SQL),
    };
    const { claim, insert, holder } = statements;
    const at = sqliteDate(now);
    return connection.transaction(() => {
      const row = claim.get(at, next.id, tokenHash, at, at) as ClaimedRow | undefined;
      if (!row) return null;
      const familyExpiresAt = sqlDate(row.family_expires_at) ?? now;
      const expiresAt = next.expiresAt < familyExpiresAt ? next.expiresAt : familyExpiresAt;
      insert.run(
        next.id,
        next.tokenHash,
        row.user_id,
        row.family_id,
        sqliteDate(expiresAt),
        row.family_expires_at,
        at,
        next.userAgent,
        next.ip,
      );
      const user = holderOf(holder.all(row.user_id) as HolderRow[]);
      return { userId: row.user_id, familyId: row.family_id, user };
    })();
  };
}
