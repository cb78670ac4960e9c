import { fromSqlDate, toSqlDate } from '../../src/database/sql-dates';
import type { DatabaseKind } from './databases';
import type { RunningApp } from './test-app';

/** A Date as the driver stores it, for arranging rows in raw SQL (the app's own conversion). */
export const sqlTime = (kind: DatabaseKind, date: Date): Date | string => toSqlDate(kind, date);

export const sqlFalse = (kind: DatabaseKind) => (kind === 'postgres' ? false : 0);

/**
 * Makes every session (refresh-token) row of the user `ms` older, as if that much time had
 * passed since it was written: its creation, expiries and revocation all move back.
 */
export async function ageSessionRows(
  sut: RunningApp,
  kind: DatabaseKind,
  userId: string,
  ms: number,
): Promise<void> {
  const rows = await sut.query<Record<string, unknown>>(
    'SELECT id, created_at, expires_at, family_expires_at, revoked_at FROM refresh_tokens WHERE user_id = ?',
    [userId],
  );
  const earlier = (value: unknown) => {
    const date = fromSqlDate(value);
    return date ? sqlTime(kind, new Date(date.getTime() - ms)) : null;
  };
  for (const row of rows)
    await sut.query(
      'UPDATE refresh_tokens SET created_at = ?, expires_at = ?, family_expires_at = ?, revoked_at = ? WHERE id = ?',
      [
        earlier(row['created_at']),
        earlier(row['expires_at']),
        earlier(row['family_expires_at']),
        earlier(row['revoked_at']),
        row['id'],
      ],
    );
}
