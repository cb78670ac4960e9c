/** Raw results give booleans as 0/1 on SQLite and as booleans on PostgreSQL; this reads either. */
export function sqlBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/** Rewrites `?` placeholders as PostgreSQL's `$1, $2, …`. */
export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The role names of a user's rows from a `LEFT JOIN roles` (one row per role, or one null). */
export function rolesOf(rows: { role: string | null }[]): string[] {
  return rows.flatMap((row) => (row.role ? [row.role] : []));
}

/** The rows of a batched query grouped by the lookup each answers (its `key_index`, 0-based). */
export function rowsByKeyIndex<Row extends { key_index: number }>(
  rows: Row[],
  keys: number,
): Row[][] {
  const grouped = Array.from({ length: keys }, (): Row[] => []);
  for (const row of rows) grouped[row.key_index]?.push(row);
  return grouped;
}

/** True when a nullable column holds a value. */
export const isSet = (value: unknown): boolean => value !== null && value !== undefined;
