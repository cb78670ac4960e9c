import { createMatrix, type FeatureMatrix } from '@gatehouse/ml';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface NumericTable {
  readonly x: FeatureMatrix;
  readonly y: number[];
  readonly featureNames: string[];
}

/** Reads an all-numeric gzipped CSV with a header; `target` becomes y. Good enough for our own files (no quoting). */
export function readCsvGz(path: string, target = 'target'): NumericTable {
  const [headerLine = '', ...lines] = gunzipSync(readFileSync(path))
    .toString('utf8')
    .trim()
    .split(/\r?\n/);
  const header = headerLine.split(',');
  const targetIndex = header.indexOf(target);
  if (targetIndex < 0) throw new Error(`${path}: no '${target}' column`);
  const featureNames = header.filter((_, j) => j !== targetIndex);
  const x = createMatrix(lines.length, featureNames.length);
  const y: number[] = [];
  for (const [i, line] of lines.entries()) {
    const cells = line.split(',');
    let k = i * featureNames.length;
    cells.forEach((cell, j) => {
      if (j === targetIndex) y.push(Number(cell));
      else x.data[k++] = cell === '' ? Number.NaN : Number(cell);
    });
  }
  return { x, y, featureNames };
}
