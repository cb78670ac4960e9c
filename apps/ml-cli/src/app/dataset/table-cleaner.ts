import {
  type CleanCell,
  coerceCell,
  looksLikeDate,
  looksNumeric,
  normaliseCell,
} from '../artifacts/cell-coercion';
import { type CleanRow, type ColumnProfile } from '../artifacts/processed-dataset';
import { type ColumnSchema } from '../artifacts/table-schema';
import { type ColumnType } from '../common/pipeline-vocabulary';

export interface CleaningOptions {
  readonly target: string;
  readonly missingValues: readonly string[];
  readonly dropDuplicates: boolean;
  readonly columnTypes?: Readonly<Record<string, ColumnType>>;
}

/** The table with types decided, before any row is dropped (for checks against the config). */
export interface TypedTable {
  readonly columns: ColumnSchema[];
  readonly rows: CleanRow[];
  /** First present value per column, for messages. */
  readonly examples: Record<string, CleanCell>;
  readonly missingIn: Record<string, number>;
  readonly coercedToMissing: Record<string, number>;
}

export interface CleanedTable {
  readonly columns: ColumnSchema[];
  readonly rows: CleanRow[];
  readonly droppedMissingTarget: number;
  readonly droppedDuplicates: number;
  readonly profile: ColumnProfile[];
}

/** number if every present value is numeric, date if every one is an ISO date, else string. */
export function inferColumnType(values: readonly CleanCell[]): ColumnType {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return 'string';
  if (present.every(looksNumeric)) return 'number';
  if (present.every(looksLikeDate)) return 'date';
  return 'string';
}

/**
 * Trims text, turns missing markers into null, decides each column's type (or takes the
 * override) and coerces every cell to it; a value that does not fit becomes null and is counted.
 */
export function typeTable(
  raw: readonly Record<string, unknown>[],
  columnNames: readonly string[],
  options: Pick<CleaningOptions, 'missingValues' | 'columnTypes'>,
): TypedTable {
  const normalised = raw.map((row) =>
    Object.fromEntries(columnNames.map((c) => [c, normaliseCell(row[c], options.missingValues)])),
  );
  const missingIn: Record<string, number> = {};
  const coercedToMissing: Record<string, number> = {};
  const examples: Record<string, CleanCell> = {};
  const columns = columnNames.map((name): ColumnSchema => {
    // Every normalised row has every column; a missing cell is null.
    const values = normalised.map((row) => row[name] ?? null);
    missingIn[name] = values.filter((v) => v === null).length;
    examples[name] = values.find((v) => v !== null) ?? null;
    return { name, type: options.columnTypes?.[name] ?? inferColumnType(values) };
  });
  const rows = normalised.map((row) => {
    const out: Record<string, CleanCell> = {};
    for (const { name, type } of columns) {
      const value = coerceCell(row[name] ?? null, type);
      if (value === undefined) coercedToMissing[name] = (coercedToMissing[name] ?? 0) + 1;
      out[name] = value ?? null;
    }
    return out;
  });
  const typed = columns.map((column) =>
    column.type === 'number'
      ? {
          ...column,
          integer: rows.every((r) => r[column.name] === null || Number.isInteger(r[column.name])),
        }
      : column,
  );
  return { columns: typed, rows, examples, missingIn, coercedToMissing };
}

/** Drops rows without a target, then exact duplicates, counting both, and profiles what is left. */
export function finishCleaning(table: TypedTable, options: CleaningOptions): CleanedTable {
  const withTarget = table.rows.filter((row) => row[options.target] !== null);
  const seen = new Set<string>();
  const rows = options.dropDuplicates
    ? withTarget.filter((row) => {
        const key = JSON.stringify(table.columns.map((c) => row[c.name]));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
    : withTarget;
  return {
    columns: table.columns,
    rows,
    droppedMissingTarget: table.rows.length - withTarget.length,
    droppedDuplicates: withTarget.length - rows.length,
    profile: table.columns.map((column) => profileColumn(column, rows, table)),
  };
}

function profileColumn(
  column: ColumnSchema,
  rows: readonly CleanRow[],
  table: TypedTable,
): ColumnProfile {
  const values = rows.map((r) => r[column.name]).filter((v): v is number | string => v !== null);
  const base = {
    ...column,
    missingIn: table.missingIn[column.name] ?? 0,
    missing: rows.length - values.length,
    coercedToMissing: table.coercedToMissing[column.name] ?? 0,
    distinct: new Set(values).size,
  };
  if (column.type === 'string' || values.length === 0) return base;
  const numbers = values as number[];
  return {
    ...base,
    min: numbers.reduce((a, b) => Math.min(a, b), Infinity),
    max: numbers.reduce((a, b) => Math.max(a, b), -Infinity),
    mean: numbers.reduce((a, b) => a + b, 0) / numbers.length,
  };
}
