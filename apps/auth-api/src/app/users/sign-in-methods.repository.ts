import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toPostgresPlaceholders } from '../../database/sql-values';

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
 * Reads the sign-in methods straight from their tables (this folder does not import the
 * passkey and SSO features, which depend on it). Removing a method goes through
 * `assertAnotherRemains` inside the removing transaction, so two removals racing each other
 * cannot both see "one more left" and leave the account with nothing.
 */
@Injectable()
export class SignInMethodsRepository {
  /** One statement for any number of accounts (the principal lookup reads the same per request). */
  async of(m: EntityManager, userIds: string[]): Promise<Map<string, SignInMethods>> {
    const result = new Map<string, SignInMethods>();
    if (userIds.length === 0) return result;
    for (const id of userIds) result.set(id, { ...NONE, providers: [] });
    const list = userIds.map(() => '?').join(', ');
    const rows = (await this.query(
      m,
      `SELECT id AS user_id, 'password' AS kind, NULL AS provider
         FROM users WHERE id IN (${list}) AND password_hash IS NOT NULL
       UNION ALL
       SELECT user_id, 'passkey', NULL FROM webauthn_credentials WHERE user_id IN (${list})
       UNION ALL
       SELECT user_id, 'provider', provider FROM user_identities WHERE user_id IN (${list})
       ORDER BY provider`,
      [...userIds, ...userIds, ...userIds],
    )) as { user_id: string; kind: string; provider: string | null }[];
    for (const row of rows) {
      const methods = result.get(row.user_id);
      if (!methods) continue;
      if (row.kind === 'password') methods.password = true;
      else if (row.kind === 'passkey') methods.passkeys++;
      else if (row.provider) methods.providers.push(row.provider);
    }
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
