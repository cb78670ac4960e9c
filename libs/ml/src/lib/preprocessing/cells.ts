import { createMatrix, type FeatureMatrix } from '../core/feature-matrix';
import { type Cell, type Row } from '../core/types';

/** null, undefined, NaN and '' are always missing; `extra` adds tokens such as '.' or 'NA'. */
export function isMissing(value: Cell, extra: readonly Cell[] = []): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value === 'number' && Number.isNaN(value)) return true;
  return extra.includes(value);
}

/** A numeric cell, or NaN when missing. Non-numeric text fails loudly rather than becoming NaN. */
export function toNumber(value: Cell, column: string, extra: readonly Cell[] = []): number {
  if (value === null || value === undefined || isMissing(value, extra)) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const parsed = Number(value.trim());
  if (value.trim() === '' || Number.isNaN(parsed)) {
    throw new TypeError(`Column '${column}' is numeric but holds '${value}'`);
  }
  return parsed;
}

/** A categorical cell as its category name, or undefined when missing. */
export function toCategory(value: Cell, extra: readonly Cell[] = []): string | undefined {
  return isMissing(value, extra) ? undefined : String(value);
}

/** Numeric columns of `rows` as a matrix, NaN where missing. */
export function numericMatrix(
  rows: readonly Row[],
  columns: readonly string[],
  extra: readonly Cell[] = [],
): FeatureMatrix {
  const out = createMatrix(rows.length, columns.length);
  rows.forEach((row, i) => {
    columns.forEach(
      (column, j) => (out.data[i * columns.length + j] = toNumber(row[column], column, extra)),
    );
  });
  return out;
}

export function assertFitted<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not fitted`);
  return value;
}
