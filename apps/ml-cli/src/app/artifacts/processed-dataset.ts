import { type Label } from '@gatehouse/ml';
import { type SourceFormat } from '../common/pipeline-vocabulary';
import { type CleanCell } from './cell-coercion';
import { type ColumnSchema } from './table-schema';

export const DATASET_FORMAT = 'gatehouse-ml/dataset@1';

export type CleanRow = Readonly<Record<string, CleanCell>>;

/** data/processed/dataset.json: the cleaned table, typed, with no missing target. */
export interface ProcessedDataset {
  readonly format: typeof DATASET_FORMAT;
  readonly target: string;
  readonly columns: readonly ColumnSchema[];
  readonly missingValues: readonly string[];
  /** sha256 of the raw input (file bytes, or the query result for SQL). */
  readonly sourceSha256: string;
  readonly rows: readonly CleanRow[];
}

export interface ColumnProfile extends ColumnSchema {
  /** Missing cells in the raw table (null or a missing marker). */
  readonly missingIn: number;
  /** Missing cells in the rows kept. */
  readonly missing: number;
  /** Values that did not fit the column's type and became missing. */
  readonly coercedToMissing: number;
  readonly distinct: number;
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
}

/** data/processed/profile.json: what make_dataset read, dropped and found. */
export interface DatasetProfile {
  readonly source: {
    readonly format: SourceFormat;
    readonly location: string;
    readonly importedFrom?: string;
    readonly sha256: string;
  };
  readonly rows: {
    readonly in: number;
    readonly out: number;
    readonly droppedMissingTarget: number;
    readonly droppedDuplicates: number;
  };
  readonly columns: readonly ColumnProfile[];
  readonly target: {
    readonly name: string;
    /** Rows per class (classification). */
    readonly classes?: Readonly<Record<string, number>>;
  };
}

export function labelKey(label: Label): string {
  return String(label);
}
