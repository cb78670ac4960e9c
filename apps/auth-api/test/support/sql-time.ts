import type { DatabaseKind } from './databases';

/** A Date as the driver stores it, for arranging rows in raw SQL. */
export const sqlTime = (kind: DatabaseKind, date: Date): Date | string =>
  kind === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');

export const sqlFalse = (kind: DatabaseKind) => (kind === 'postgres' ? false : 0);
