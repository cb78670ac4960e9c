import { type Fold, type Label } from '../core/types';
import { Mt19937 } from '../random/mt19937';
import { foldsFromAssignment, type KFoldOptions } from './k-fold';

/** scikit-learn's `StratifiedKFold` (its round-robin allocation), same folds for the same seed. */
export class StratifiedKFold {
  readonly nSplits: number;

  constructor(private readonly options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    if (!Number.isInteger(this.nSplits) || this.nSplits < 2) {
      throw new RangeError(`nSplits must be an integer >= 2, got ${this.nSplits}`);
    }
  }

  split(y: ArrayLike<Label>): Fold[] {
    // Classes are numbered by first appearance, as scikit-learn does before allocating.
    const firstSeen = new Map<Label, number>();
    const encoded = Int32Array.from(Array.from(y), (label) => {
      if (!firstSeen.has(label)) firstSeen.set(label, firstSeen.size);
      return firstSeen.get(label) ?? 0;
    });
    const nClasses = firstSeen.size;
    const counts = new Int32Array(nClasses);
    encoded.forEach((c) => counts[c]!++);
    if (counts.every((c) => c < this.nSplits)) {
      throw new RangeError(`nSplits=${this.nSplits} exceeds the number of members of every class`);
    }
    const sorted = encoded.slice().sort();
    const allocation = Array.from({ length: this.nSplits }, (_, k) => {
      const perClass = new Int32Array(nClasses);
      for (let i = k; i < sorted.length; i += this.nSplits) perClass[sorted[i]!]!++;
      return perClass;
    });
    const rng = new Mt19937(this.options.seed ?? 0);
    const foldOf = new Int32Array(encoded.length);
    for (let c = 0; c < nClasses; c++) {
      const folds = Int32Array.from(
        allocation.flatMap((perClass, k) => Array<number>(perClass[c]!).fill(k)),
      );
      if (this.options.shuffle) rng.shuffle(folds);
      let next = 0;
      encoded.forEach((code, i) => {
        if (code === c) foldOf[i] = folds[next++]!;
      });
    }
    return foldsFromAssignment(foldOf, this.nSplits);
  }
}
