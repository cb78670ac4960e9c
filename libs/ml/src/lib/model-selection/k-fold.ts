import { type Fold } from '../core/types';
import { Mt19937 } from '../random/mt19937';

export interface KFoldOptions {
  readonly nSplits?: number;
  readonly shuffle?: boolean;
  readonly seed?: number;
}

/** scikit-learn's `KFold`, same folds for the same seed; indices within a fold are ascending. */
export class KFold {
  readonly nSplits: number;

  constructor(private readonly options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    if (!Number.isInteger(this.nSplits) || this.nSplits < 2) {
      throw new RangeError(`nSplits must be an integer >= 2, got ${this.nSplits}`);
    }
  }

  split(nSamples: number): Fold[] {
    if (this.nSplits > nSamples)
      throw new RangeError(`Cannot make ${this.nSplits} folds of ${nSamples} rows`);
    const order = Uint32Array.from({ length: nSamples }, (_, i) => i);
    if (this.options.shuffle) new Mt19937(this.options.seed ?? 0).shuffle(order);
    const foldOf = new Int32Array(nSamples);
    let start = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(nSamples / this.nSplits) + (k < nSamples % this.nSplits ? 1 : 0);
      for (let s = start; s < start + size; s++) foldOf[order[s]!] = k;
      start += size;
    }
    return foldsFromAssignment(foldOf, this.nSplits);
  }
}

/** Turns "row i is in test fold k" into train/test index lists, both ascending. */
export function foldsFromAssignment(foldOf: Int32Array, nSplits: number): Fold[] {
  return Array.from({ length: nSplits }, (_, k) => {
    const test: number[] = [];
    const train: number[] = [];
    foldOf.forEach((f, i) => (f === k ? test : train).push(i));
    return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  });
}
