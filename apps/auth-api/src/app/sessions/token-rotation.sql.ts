import type { DataSource } from 'typeorm';
import type { NativeDriver, SqliteConnection } from '../../database/native-driver';
import { fromSqlDate, toSqliteDate } from '../../database/sql-dates';
import { rowsByKeyIndex } from '../../database/sql-values';
import { tickBatch } from '../../database/tick-batch';
import type { TransactionService } from '../../database/transaction.service';
import {
  cappedByFamily,
  holderOf,
  type HolderRow,
  type RotatedFamily,
  type Successor,
} from './session-records';

/**
 * The common refresh, a live token exchanged for its successor with its holder read, done
 * atomically in hand-written SQL. Serves the refresh figure (32 connections, README
 * "## Benchmark"; ≥ 1,500/s on PostgreSQL): on PostgreSQL the refreshes of one event-loop turn
 * go in one statement. Anything else (unknown, expired, already rotated) yields null, and
 * SessionsService judges it in a transaction.
 */
export type RotateLive = (
  tokenHash: string,
  next: Successor,
  now: Date,
) => Promise<RotatedFamily | null>;

/** SQLite: claims a live token; only the first of concurrent claims matches `revoked_at IS NULL`. */
const SQLITE_CLAIM_SQL = `
  UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ?
   WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? AND family_expires_at > ?
  RETURNING user_id, family_id, family_expires_at`;

/** SQLite: the successor, its expiry capped by the family's in JS (cappedByFamily). */
const SQLITE_INSERT_SQL = `
  INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, expires_at, family_expires_at,
                              created_at, user_agent, ip)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const SQLITE_HOLDER_SQL = `
  SELECT u.is_active, r.name AS role
    FROM users u
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
   WHERE u.id = ?`;

/**
 * PostgreSQL: the rotations of one turn in one statement: each claim revokes a live token and
 * inserts its successor (expiry capped by LEAST, the cappedByFamily rule, since the family's
 * expiry is read in the statement), and the holders' roles come back; key_index says which
 * claim a row answers. One round trip and one commit for the turn instead of one per refresh.
 *
 * Each claim holds its user's row FOR SHARE before it revokes the token (see lockUser in
 * sql-session.repository.ts): an ending of the user's sessions waits for the successor to
 * commit and revokes it, or the claim waits for the ending and then finds its token revoked.
 *
 * Two claims of one token in a turn: the UPDATE revokes the row once, for one of them; the
 * other finds nothing and takes the careful path (grace window or reuse), as a second request
 * arriving a moment later would.
 */
const POSTGRES_ROTATE_SQL = `
  WITH claim AS (
    SELECT * FROM unnest($1::timestamp[], $2::text[], $3::uuid[], $4::text[], $5::timestamp[],
                         $6::text[], $7::text[])
      WITH ORDINALITY AS c(at, token_hash, successor_id, successor_hash, expires_at, user_agent, ip, n)),
  holder AS MATERIALIZED (
    SELECT u.id FROM users u
     WHERE u.id IN (SELECT t.user_id FROM refresh_tokens t JOIN claim c ON c.token_hash = t.token_hash)
       FOR SHARE),
  claimed AS (
    UPDATE refresh_tokens t SET revoked_at = c.at, replaced_by = c.successor_id
      FROM claim c
     WHERE t.token_hash = c.token_hash AND t.revoked_at IS NULL
       AND t.expires_at > c.at AND t.family_expires_at > c.at
       AND t.user_id IN (SELECT id FROM holder)
    RETURNING c.n, c.at, c.successor_id, c.successor_hash, c.expires_at, c.user_agent, c.ip,
              t.user_id, t.family_id, t.family_expires_at),
  successor AS (
    INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, expires_at, family_expires_at,
                                created_at, user_agent, ip)
    SELECT successor_id, successor_hash, user_id, family_id, LEAST(expires_at, family_expires_at),
           family_expires_at, at, user_agent, ip
      FROM claimed
    RETURNING id)
  SELECT (c.n - 1)::int AS key_index, c.user_id, c.family_id, u.is_active, r.name AS role
    FROM claimed c
    JOIN successor s ON s.id = c.successor_id
    JOIN users u ON u.id = c.user_id
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id`;

/** The rotation for the driver found; without it, the same statements through TypeORM. */
export function liveRotation(
  native: NativeDriver | null,
  dataSource: DataSource,
  tx: TransactionService,
): RotateLive {
  if (native?.kind === 'postgres') {
    const { pool } = native;
    return postgresRotation(async (values) => {
      const name = 'gatehouse_rotate_refresh_tokens';
      return (await pool.query({ name, text: POSTGRES_ROTATE_SQL, values })).rows;
    });
  }
  if (native?.kind === 'sqlite') {
    // Synchronous statements between queued TypeORM transactions, never inside one of them.
    const rotate = sqliteRotation(native.connection);
    return (tokenHash, next, now) => tx.exclusive(() => rotate(tokenHash, next, now));
  }
  if (dataSource.options.type === 'postgres')
    return postgresRotation((values) => dataSource.query(POSTGRES_ROTATE_SQL, values));
  return (tokenHash, next, now) =>
    tx.run((m) => {
      const statements: SqliteStatements<Promise<unknown[]>> = {
        claim: (params) => m.query<unknown[]>(SQLITE_CLAIM_SQL, params),
        insert: (params) => m.query<unknown[]>(SQLITE_INSERT_SQL, params),
        holder: (params) => m.query<unknown[]>(SQLITE_HOLDER_SQL, params),
      };
      return sqliteSteps(statements, tokenHash, next, now);
    });
}

interface ClaimedRow {
  user_id: string;
  family_id: string;
  family_expires_at: unknown;
}

/**
 * The three SQLite statements in order, over statements that answer at once (better-sqlite3)
 * or later (TypeORM's runner, the fallback): one flow for both.
 */
interface SqliteStatements<R> {
  claim(params: unknown[]): R;
  insert(params: unknown[]): R;
  holder(params: unknown[]): R;
}

function sqliteSteps(
  run: SqliteStatements<Promise<unknown[]>>,
  tokenHash: string,
  next: Successor,
  now: Date,
): Promise<RotatedFamily | null>;
function sqliteSteps(
  run: SqliteStatements<unknown[]>,
  tokenHash: string,
  next: Successor,
  now: Date,
): RotatedFamily | null;
function sqliteSteps(
  run: SqliteStatements<unknown[] | Promise<unknown[]>>,
  tokenHash: string,
  next: Successor,
  now: Date,
): RotatedFamily | null | Promise<RotatedFamily | null> {
  const at = toSqliteDate(now);
  return then(run.claim([at, next.id, tokenHash, at, at]), (claimed) => {
    const row = claimed[0] as ClaimedRow | undefined;
    if (!row) return null;
    const familyExpiresAt = fromSqlDate(row.family_expires_at) as Date;
    const inserted = run.insert([
      next.id,
      next.tokenHash,
      row.user_id,
      row.family_id,
      toSqliteDate(cappedByFamily(next.expiresAt, familyExpiresAt)),
      row.family_expires_at,
      at,
      next.userAgent,
      next.ip,
    ]);
    return then(inserted, () =>
      then(run.holder([row.user_id]), (holder) => ({
        userId: row.user_id,
        familyId: row.family_id,
        user: holderOf(holder as HolderRow[]),
      })),
    );
  });
}

/** Continues at once with a value, or when a promise settles: the native path stays synchronous. */
function then<T, U>(value: T | Promise<T>, next: (value: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function sqliteRotation(connection: SqliteConnection) {
  let statements: SqliteStatements<unknown[]> | undefined;
  const prepare = (): SqliteStatements<unknown[]> => {
    const claim = connection.prepare(SQLITE_CLAIM_SQL);
    const insert = connection.prepare(SQLITE_INSERT_SQL);
    const holder = connection.prepare(SQLITE_HOLDER_SQL);
    return {
      claim: (params) => {
        const row = claim.get(...params);
        return row ? [row] : [];
      },
      insert: (params) => {
        insert.run(...params);
        return [];
      },
      holder: (params) => holder.all(...params),
    };
  };
  return (tokenHash: string, next: Successor, now: Date): RotatedFamily | null => {
    // Prepared on first use, after migrations have run.
    statements ??= prepare();
    const prepared = statements;
    return connection.transaction(() => sqliteSteps(prepared, tokenHash, next, now))();
  };
}

interface Claim {
  tokenHash: string;
  next: Successor;
  now: Date;
}

interface RotatedRow extends HolderRow {
  key_index: number;
  user_id: string;
  family_id: string;
}

/** A claim's answer; a failure travels as a value so that it fails only its own request. */
type Outcome = { family: RotatedFamily | null } | { error: unknown };

function postgresRotation(query: (values: unknown[]) => Promise<unknown[]>): RotateLive {
  const run = async (claims: Claim[]): Promise<(RotatedFamily | null)[]> => {
    const rows = await query([
      claims.map((c) => c.now),
      claims.map((c) => c.tokenHash),
      claims.map((c) => c.next.id),
      claims.map((c) => c.next.tokenHash),
      claims.map((c) => c.next.expiresAt),
      claims.map((c) => c.next.userAgent),
      claims.map((c) => c.next.ip),
    ]);
    return familiesOf(rows as RotatedRow[], claims.length);
  };

  const load = tickBatch<Claim, Outcome>(
    async (claims) => {
      try {
        return (await run(claims)).map((family) => ({ family }));
      } catch (error) {
        if (claims.length === 1) return [{ error }];
        // One claim the database refuses must not fail the others: each on its own.
        return Promise.all(
          claims.map(async (claim): Promise<Outcome> => {
            try {
              return { family: (await run([claim]))[0] ?? null };
            } catch (own) {
              return { error: own };
            }
          }),
        );
      }
    },
    // Every claim is its own, even of one token: each request gets its own successor or none.
    (claim) => claim.next.id,
  );

  return async (tokenHash, next, now) => {
    const outcome = await load({ tokenHash, next, now });
    if ('error' in outcome) throw outcome.error;
    return outcome.family;
  };
}

function familiesOf(rows: RotatedRow[], claims: number): (RotatedFamily | null)[] {
  return rowsByKeyIndex(rows, claims).map((own) => {
    const first = own[0];
    return first ? { userId: first.user_id, familyId: first.family_id, user: holderOf(own) } : null;
  });
}
