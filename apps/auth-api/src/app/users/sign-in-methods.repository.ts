import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlBoolean, toPostgresPlaceholders } from '../../database/sql-values';

/** The ways an account can sign in: its password, its passkeys, its linked providers. */
export interface SignInMethods {
  password: boolean;
  passkeys: number;
  /** Ids (from SSO_PROVIDERS) of the providers linked to the account, sorted. */
  providers: string[];
}

export type SignInMethodKind = 'password' | 'passkey' | 'provider';

const NONE: SignInMethods = { password: false, passkeys: 0, providers: [] };

/**
 * The columns that give the sign-in methods of the `users` row aliased `u`: shared by the
 * per-request principal lookup (so /auth/me needs no second round trip) and `of` below.
 * Providers come space-separated and sorted (their ids are [a-z0-9-]).
 */
export function signInMethodColumns(postgres: boolean): string {
  const aggregate = postgres ? 'string_agg' : 'group_concat';
  return `CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password,
         (SELECT COUNT(*) FROM webauthn_credentials c WHERE c.user_id = u.id) AS passkey_count,
         (SELECT ${aggregate}(i.provider, ' ' ORDER BY i.provider)
            FROM user_identities i WHERE i.user_id = u.id) AS providers`;
}

export interface SignInMethodRow {
  has_password: unknown;
  passkey_count: number | string;
  providers: string | null;
}

export function signInMethodsOf(row: SignInMethodRow): SignInMethods {
  return {
    password: sqlBoolean(row.has_password),
    passkeys: Number(row.passkey_count),
    providers: row.providers ? row.providers.split(' ') : [],
  };
}

/**
 * Reads the sign-in methods straight from their tables (this folder does not import the
 * passkey and SSO features, which depend on it). Removing a method goes through
 * `assertAnotherRemains` inside the removing transaction, so two removals racing each other
 * cannot both see "one more left" and leave the account with nothing.
 */
@Injectable()
export class SignInMethodsRepository {
  /** One statement for any number of accounts. */
  async of(m: EntityManager, userIds: string[]): Promise<Map<string, SignInMethods>> {
    const result = new Map<string, SignInMethods>();
    if (userIds.length === 0) return result;
    const postgres = m.connection.options.type === 'postgres';
    const list = userIds.map(() => '?').join(', ');
    const rows = (await this.query(
      m,
      `SELECT u.id, ${signInMethodColumns(postgres)} FROM users u WHERE u.id IN (${list})`,
      userIds,
    )) as (SignInMethodRow & { id: string })[];
    for (const row of rows) result.set(row.id, signInMethodsOf(row));
    return result;
  }

  async ofUser(m: EntityManager, userId: string): Promise<SignInMethods> {
    return (await this.of(m, [userId])).get(userId) ?? { ...NONE, providers: [] };
  }

  /**
   * Refuses (LAST_SIGN_IN_METHOD) to remove one method of `kind` when nothing else would be
   * left. On PostgreSQL it first locks the user row, which every removal takes, so removals of
   * one account run one after the other; SQLite runs one transaction at a time anyway.
   */
  async assertAnotherRemains(
    m: EntityManager,
    userId: string,
    kind: SignInMethodKind,
  ): Promise<void> {
    if (m.connection.options.type === 'postgres')
      await m.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
    const methods = await this.ofUser(m, userId);
    const left =
      (methods.password && kind !== 'password' ? 1 : 0) +
      methods.passkeys -
      (kind === 'passkey' ? 1 : 0) +
      methods.providers.length -
      (kind === 'provider' ? 1 : 0);
    if (left < 1)
      throw new DomainError(
        DomainErrorCode.LastSignInMethod,
        'this is the last way to sign in to the account; add another one first',
      );
  }

  private query(m: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
    const postgres = m.connection.options.type === 'postgres';
    return m.query(postgres ? toPostgresPlaceholders(sql) : sql, params);
  }
}
