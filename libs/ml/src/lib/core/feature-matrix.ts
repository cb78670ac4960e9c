/** A dense row-major matrix: cell (i, j) is `data[i * nCols + j]`. */
export interface FeatureMatrix {
  readonly data: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
}

export function createMatrix(nRows: number, nCols: number, data?: Float64Array): FeatureMatrix {
  if (!Number.isInteger(nRows) || !Number.isInteger(nCols) || nRows < 0 || nCols < 0) {
    throw new RangeError(`Invalid matrix shape ${nRows}x${nCols}`);
  }
  const values = data ?? new Float64Array(nRows * nCols);
  if (values.length !== nRows * nCols) {
    throw new RangeError(`Matrix data has ${values.length} values, expected ${nRows * nCols}`);
  }
  return { data: values, nRows, nCols };
}

export function matrixFromArrays(rows: readonly (readonly number[])[]): FeatureMatrix {
  const nCols = rows[0]?.length ?? 0;
  const out = createMatrix(rows.length, nCols);
  rows.forEach((row, i) => {
    if (row.length !== nCols)
      throw new RangeError(`Row ${i} has ${row.length} values, expected ${nCols}`);
    out.data.set(row, i * nCols);
  });
  return out;
}

export function matrixToArrays(m: FeatureMatrix): number[][] {
  return Array.from({ length: m.nRows }, (_, i) => Array.from(getRow(m, i)));
}

/** A view (not a copy) of row `i`. */
export function getRow(m: FeatureMatrix, i: number): Float64Array {
  return m.data.subarray(i * m.nCols, (i + 1) * m.nCols);
}

export function takeRows(m: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const out = createMatrix(indices.length, m.nCols);
  for (let k = 0; k < indices.length; k++) out.data.set(getRow(m, indices[k]!), k * m.nCols);
  return out;
}

export function takeValues<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  return Array.from({ length: indices.length }, (_, k) => values[indices[k]!]!);
}

export function takeNumbers(values: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]!]!;
  return out;
}

export function assertSameRows(x: FeatureMatrix, y: ArrayLike<unknown>): void {
  if (x.nRows !== y.length) throw new RangeError(`X has ${x.nRows} rows but y has ${y.length}`);
  if (x.nRows === 0) throw new RangeError('Cannot fit on an empty matrix');
}

export function assertColumns(x: FeatureMatrix, expected: number): void {
  if (x.nCols !== expected) {
    throw new RangeError(`X has ${x.nCols} features, the model was fitted with ${expected}`);
  }
}
