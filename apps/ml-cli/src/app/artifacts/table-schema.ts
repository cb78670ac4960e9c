import { type ColumnType } from '../common/pipeline-vocabulary';

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  /** Every present value is a whole number (numbers only): such a target can be a class label. */
  readonly integer?: boolean;
}

/** How raw cells are read: the columns' types and the tokens that mean "missing". */
export interface TableSchema {
  readonly columns: readonly ColumnSchema[];
  readonly missingValues: readonly string[];
}
