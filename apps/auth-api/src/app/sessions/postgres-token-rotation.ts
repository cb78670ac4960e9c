import type { PostgresPool } from '../../database/native-driver';
import { rowsByKeyIndex } from '../../database/sql-values';
import { tickBatch } from '../../database/tick-batch';
import type { RotatedFamily, Successor } from './live-token-rotation';
import { type HolderRow, holderOf } from './token-holder';

/**
 * The rotations of one event-loop turn in one statement: each claim revokes a live token and
 * inserts its successor, and the holders' roles come back; key_index says which claim a row
 * answers. One round trip and one commit for the turn instead of one per refresh.
 *
 * Each claim holds its user's row FOR SHARE before it revokes the token (see session-lock.ts):
 * an ending of the user's sessions (logout-all, reset, deactivation) waits for the successor to
 * commit and revokes it, or the claim waits for the ending and then finds its token revoked.
 *
 * Two claims of one token in a turn: the UPDATE revokes the row once, for one of them; the
 * other finds nothing and takes the careful path (grace window or reuse), as a second request
 * arriving a moment later would.
 */
const ROTATE_SQL = `
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

export function postgresRotation(
  pool: PostgresPool,
): (tokenHash: string, next: Successor, now: Date) => Promise<RotatedFamily | null> {
  const run = async (claims: Claim[]): Promise<(RotatedFamily | null)[]> => {
    const { rows } = await pool.query({
      name: 'gatehouse_rotate_refresh_tokens',
      text: ROTATE_SQL,
      values: [
        claims.map((c) => c.now),
        claims.map((c) => c.tokenHash),
        claims.map((c) => c.next.id),
        claims.map((c) => c.next.tokenHash),
        claims.map((c) => c.next.expiresAt),
        claims.map((c) => c.next.userAgent),
        claims.map((c) => c.next.ip),
      ],
    });
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
