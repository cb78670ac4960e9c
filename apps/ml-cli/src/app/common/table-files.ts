import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { sha256 } from './hashing';
import { StageError } from './stage.error';

/** A table as read, before any cleaning: column names in first-seen order and untyped cells. */
export interface RawTable {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  /** sha256 of the file bytes, or of the canonical query result for SQL. */
  readonly sha256: string;
  /** What was read, for messages and the profile (never a password). */
  readonly location: string;
}

export type FileFormat = 'csv' | 'json';

/** `.csv`/`.tsv` → csv, `.json`/`.jsonl`/`.ndjson` → json. */
export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json';
  throw new StageError(`${path}: cannot tell the format from "${ext}" (use .csv or .json)`);
}

export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Reads a CSV (header row) or JSON (array of objects, or JSON Lines) table. */
export async function readTableFile(
  path: string,
  options: { displayPath?: string; format?: FileFormat; delimiter?: string } = {},
): Promise<RawTable> {
  const shown = options.displayPath ?? path;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StageError(
      `${shown}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
    );
  }
  const format = options.format ?? formatOf(path);
  const delimiter = options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ',');
  const rows =
    format === 'csv' ? parseCsv(bytes, delimiter, shown) : parseJson(bytes.toString('utf8'), shown);
  return { columns: columnsOf(rows), rows, sha256: sha256(bytes), location: shown };
}

function parseCsv(bytes: Buffer, delimiter: string, shown: string): Record<string, unknown>[] {
  try {
    return parse<Record<string, unknown>>(bytes, {
      columns: true,
      bom: true,
      delimiter,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new StageError(`${shown}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, shown: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = trimmed.startsWith('[')
      ? JSON.parse(trimmed)
      : trimmed
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    throw new StageError(`${shown}: invalid JSON (${(error as Error).message})`);
  }
  if (
    !Array.isArray(value) ||
    !value.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))
  ) {
    throw new StageError(
      `${shown}: expected an array of objects (or JSON Lines), one object per row`,
    );
  }
  return value as Record<string, unknown>[];
}
