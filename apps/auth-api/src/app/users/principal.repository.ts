import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { fromSqlDate } from '../../database/sql-dates';
import { isSet, rolesOf, rowsByKeyIndex, sqlBoolean } from '../../database/sql-values';
import { tickBatch } from '../../database/tick-batch';
import type { PrincipalRecord } from './principal';
import {
  type SignInMethodRow,
  signInMethodColumns,
  signInMethodsOf,
} from './sign-in-methods.repository';

/**
 * The hot path of every authenticated request: the user, their roles, how they can sign in
 * (so /auth/me needs no second query) and whether the token's session is still live.
 * Hand-written SQL because this runs per request, and batched: the lookups made in one turn of
 * the event loop share one query (see tickBatch).
 *
 * The one read of refresh_tokens outside SessionRepository: the session's liveness is a
 * subquery of this statement, so a batch of lookups stays one round trip. It stays here, not
 * in sessions/: sessions depends on users (the token's user, the Principal), so users cannot
 * import from sessions without a folder cycle, and asking SessionRepository separately would
 * add a second query per batch on the busiest path.
 */
const selectPrincipal = (familyId: string, postgres: boolean) => `
  SELECT u.id, u.email, u.first_name, u.last_name, u.is_active, u.is_verified,
         u.tokens_valid_after, u.created_at, u.updated_at, r.name AS role, m.enabled_at AS mfa_enabled_at,
         (SELECT MAX(t.family_expires_at) FROM refresh_tokens t
           WHERE t.family_id = ${familyId} AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_expires_at,
         ${signInMethodColumns(postgres)}`;
const PRINCIPAL_JOINS = `
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
    LEFT JOIN user_mfa m ON m.user_id = u.id`;

/** A batch's keys as rows, by driver; key_index says which lookup a result row answers. */
const POSTGRES_SQL = `${selectPrincipal('k.family_id', true)}, (k.n - 1)::int AS key_index
    FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS k(user_id, family_id, n)
    JOIN users u ON u.id = k.user_id ${PRINCIPAL_JOINS}`;
const SQLITE_SQL = `${selectPrincipal("json_extract(k.value, '$[1]')", false)}, k.key AS key_index
    FROM json_each(?) k
    JOIN users u ON u.id = json_extract(k.value, '$[0]') ${PRINCIPAL_JOINS}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PrincipalRow extends SignInMethodRow {
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
  key_index: number;
}

interface LookupKey {
  userId: string;
  sessionId: string;
}

@Injectable()
export class PrincipalRepository {
  private readonly lookup: (key: LookupKey) => Promise<PrincipalRow[]>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const postgres = dataSource.options.type === 'postgres';
    const run = preparedQuery<PrincipalRow>(
      dataSource,
      'gatehouse_principals',
      postgres ? POSTGRES_SQL : SQLITE_SQL,
    );
    const load = tickBatch<LookupKey, PrincipalRow[]>(
      async (keys) => {
        const rows = await run(
          postgres
            ? [keys.map((key) => key.userId), keys.map((key) => key.sessionId)]
            : [JSON.stringify(keys.map((key) => [key.userId, key.sessionId]))],
        );
        return rowsByKeyIndex(rows, keys.length);
      },
      (key) => `${key.userId} ${key.sessionId}`,
    );
    // PostgreSQL ids are uuids: other text names no one, and would fail the whole batch.
    this.lookup = (key) =>
      !postgres || (UUID.test(key.userId) && UUID.test(key.sessionId))
        ? load(key)
        : Promise.resolve([]);
  }

  async find(userId: string, sessionId: string, now = new Date()): Promise<PrincipalRecord | null> {
    const rows = await this.lookup({ userId, sessionId });
    const first = rows[0];
    if (!first) return null;
    const sessionExpiresAt = fromSqlDate(first.session_expires_at);
    return {
      id: first.id,
      email: first.email,
      firstName: first.first_name,
      lastName: first.last_name,
      isActive: sqlBoolean(first.is_active),
      isVerified: sqlBoolean(first.is_verified),
      mfaEnabled: isSet(first.mfa_enabled_at),
      roles: rolesOf(rows),
      createdAt: fromSqlDate(first.created_at) ?? now,
      updatedAt: fromSqlDate(first.updated_at) ?? now,
      tokensValidAfter: fromSqlDate(first.tokens_valid_after),
      sessionLive: sessionExpiresAt !== null && sessionExpiresAt > now,
      signInMethods: signInMethodsOf(first),
    };
  }

  /**
   * Whether the user has a passkey: a user-verifying passkey is two factors, so an admin with
   * one meets REQUIRE_ADMIN_MFA (a password sign-in still needs TOTP; see LoginService).
   * Asked only on that rare path, not per request.
   */
  async hasPasskey(userId: string): Promise<boolean> {
    const postgres = this.dataSource.options.type === 'postgres';
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 AS found FROM webauthn_credentials WHERE user_id = ${postgres ? '$1' : '?'} LIMIT 1`,
      [userId],
    );
    return rows.length > 0;
  }
}
