import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Tables left out of the comparison, and why: refusals are recorded there on purpose.
 * - audit_events: the audit log records refused sign-ins, codes and permissions
 *   (login.failed, access.denied, …) by design; a refused request may add a row.
 * - migrations: written once at start-up only.
 * - webauthn_challenges: a passkey ceremony uses its challenge up before it verifies anything
 *   (so parallel uses cannot both pass), and each request's baseline asks for a new one.
 * - sso_flows: a refused callback uses its flow up on purpose (a forged or replayed callback
 *   burns the flow it names), and a start that is refused later in the flow stored it.
 */
export const UNCOMPARED_TABLES = new Set([
  'audit_events',
  'migrations',
  'webauthn_challenges',
  'sso_flows',
]);

export type Snapshot = Map<string, string>;

const normalise = (value: unknown): unknown =>
  value instanceof Date
    ? value.toISOString()
    : Buffer.isBuffer(value)
      ? value.toString('hex')
      : value;

async function tablesOf(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'postgres'
      ? await dataSource.query(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
      : await dataSource.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
  return rows
    .map((r) => r.name)
    .filter((name) => !UNCOMPARED_TABLES.has(name))
    .sort();
}

/** A hash of every row of every compared table, per table. */
export async function takeSnapshot(dataSource: DataSource, tables?: string[]): Promise<Snapshot> {
  const names = tables ?? (await tablesOf(dataSource));
  if (dataSource.options.type === 'postgres') {
    // One round trip: PostgreSQL hashes each table's rows itself.
    const rows: { t: string; h: string }[] = await dataSource.query(
      names
        .map(
          (table) =>
            `SELECT '${table}' AS t, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${table}" x`,
        )
        .join(' UNION ALL '),
    );
    return new Map(rows.map((r) => [r.t, r.h]));
  }
  const snapshot: Snapshot = new Map();
  for (const table of names) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM "${table}"`);
    const lines = rows
      .map((row) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, normalise(v)])))
      .sort();
    snapshot.set(table, createHash('sha256').update(lines.join('\n')).digest('hex'));
  }
  return snapshot;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
}

/** The compared tables of the database, listed once. */
export const comparedTables = tablesOf;
