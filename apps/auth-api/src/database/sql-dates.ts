import pg from 'pg';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Dates between JS and each driver, in one place. Both databases hold UTC without a zone:
 * SQLite as the text TypeORM writes to a `datetime` column ('YYYY-MM-DD HH:MM:SS.SSS'),
 * PostgreSQL in `timestamp` columns, which pg reads and writes as UTC once pinned below.
 */

/** A Date as the driver stores it, for statements that bypass TypeORM's own conversion. */
export function toSqlDate(dialect: SqlDialect, date: Date): Date | string {
  return dialect === 'postgres' ? date : toSqliteDate(date);
}

/** A Date as TypeORM writes it to a SQLite `datetime` column. */
export function toSqliteDate(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}

/** A date from a raw result: SQLite's UTC text, ISO text, or the Date pg gives. */
export function fromSqlDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string')
    return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  return new Date(Number(value));
}

/**
 * PostgreSQL `timestamp` columns hold UTC: dates are sent and read as UTC, whatever the
 * process's TZ (the session time zone is set to UTC too, so `now()` defaults agree).
 */
export function pinPostgresToUtc(): void {
  pg.defaults.parseInputDatesAsUTC = true;
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => fromSqlDate(value) as Date);
}
