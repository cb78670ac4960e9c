/** A raw table cell as read from JSON or CSV; `null`, `undefined` and `NaN` mean "missing". */
export type Cell = string | number | boolean | null | undefined;

/** One record of a raw table, keyed by column name. */
export type Row = Readonly<Record<string, Cell>>;

/** A class label: whatever the target column held. */
export type Label = string | number;

/** Train/test row indices of one split or one cross-validation fold. */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}
