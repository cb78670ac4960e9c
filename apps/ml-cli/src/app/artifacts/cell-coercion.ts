import { type ColumnType } from '../common/pipeline-vocabulary';

/** A cleaned cell: a number, a string, or null for missing. */
export type CleanCell = number | string | null;

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Trims text and turns missing markers (and NaN) into null. */
export function normaliseCell(value: unknown, missingValues: readonly string[]): CleanCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  const text = textOf(value).trim();
  return missingValues.includes(text) || text === '' ? null : text;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export function looksNumeric(value: CleanCell): boolean {
  return typeof value === 'number' || (typeof value === 'string' && NUMBER.test(value));
}

export function looksLikeDate(value: CleanCell): boolean {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO date as a decimal year, so it can be a numeric feature: 1970-01-01 → 1970, 1970-07-02 → 1970.499. */
export function decimalYear(value: string): number {
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  const year = new Date(time).getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return year + (time - start) / (end - start);
}

/**
 * A normalised cell as the column's type, or `undefined` when it cannot be (e.g. "abc" in a number
 * column): callers count those and treat them as missing.
 */
export function coerceCell(value: CleanCell, type: ColumnType): CleanCell | undefined {
  if (value === null) return null;
  switch (type) {
    case 'number':
      return looksNumeric(value) ? Number(value) : undefined;
    case 'date':
      if (typeof value === 'number') return value;
      return looksLikeDate(value) ? decimalYear(value) : undefined;
    case 'string':
      return String(value);
  }
}
