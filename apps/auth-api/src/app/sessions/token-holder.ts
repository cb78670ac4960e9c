import { rolesOf, sqlBoolean } from '../../database/sql-values';
import type { RotatedFamily } from './live-token-rotation';

/** What a rotation reads of the token's user: one row per role (or one with a null role). */
export interface HolderRow {
  is_active: unknown;
  role: string | null;
}

/** The refreshed access token's user: active, and the roles held now. */
export function holderOf(rows: HolderRow[]): RotatedFamily['user'] {
  return {
    isActive: rows.length > 0 && sqlBoolean(rows[0]?.is_active),
    roles: rolesOf(rows),
  };
}
