import type { EntityManager } from 'typeorm';

/**
 * Sessions are issued and ended under their user's row lock on PostgreSQL (SQLite runs one
 * write at a time). A refresh holds the row shared (FOR SHARE, in the rotation statement) while
 * it issues a successor; whatever ends sessions takes it first with FOR NO KEY UPDATE. So an
 * ending either waits for the refresh and then revokes its successor too, or the refresh waits
 * for the ending and then finds its token revoked. Without it, a successor inserted while
 * logout-all swept the live tokens outlived it. FOR NO KEY UPDATE leaves foreign-key checks
 * (new sign-ins) unblocked.
 */
export async function lockSessionsOf(m: EntityManager, userId: string): Promise<void> {
  if (m.connection.options.type !== 'postgres') return;
  await m.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
}

/** The same lock, for the user of a presented refresh token (none for an unknown token). */
export async function lockSessionsOfToken(m: EntityManager, tokenHash: string): Promise<void> {
  if (m.connection.options.type !== 'postgres') return;
  await m.query(
    `SELECT u.id FROM users u
      WHERE u.id IN (SELECT t.user_id FROM refresh_tokens t WHERE t.token_hash = $1)
        FOR NO KEY UPDATE`,
    [tokenHash],
  );
}
