import { type Label } from './types';

/** Sorts labels like numpy's `np.unique`: numbers ascending, then strings by code unit. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface EncodedLabels {
  /** Distinct labels, sorted with {@link compareLabels}. */
  readonly classes: Label[];
  /** Index into `classes` for every input value. */
  readonly codes: Int32Array;
}

export function encodeLabels(y: ArrayLike<Label>, classes?: readonly Label[]): EncodedLabels {
  const known = classes ? [...classes] : [...new Set(Array.from(y))].sort(compareLabels);
  const index = new Map<Label, number>(known.map((label, i) => [label, i]));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    const code = index.get(label);
    if (code === undefined) throw new RangeError(`Unknown label ${String(label)}`);
    codes[i] = code;
  }
  return { classes: known, codes };
}

export function countCodes(codes: ArrayLike<number>, nClasses: number): Int32Array {
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]!++;
  return counts;
}
