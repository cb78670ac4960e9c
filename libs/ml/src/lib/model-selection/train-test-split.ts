import { countCodes, encodeLabels } from '../core/labels';
import { type Fold, type Label } from '../core/types';
import { Mt19937 } from '../random/mt19937';
import { splitSizes } from './split-size';

export interface TrainTestSplitOptions {
  /** Fraction in (0, 1) or a row count; 0.25 by default, as scikit-learn. */
  readonly testSize?: number;
  readonly seed?: number;
  /** Labels to keep in the same proportions in both parts. */
  readonly stratify?: ArrayLike<Label>;
}

/**
 * Shuffled train/test row indices that reproduce scikit-learn's `train_test_split(...,
 * random_state=seed)` exactly: the same numpy Mersenne Twister draws, through `ShuffleSplit` or,
 * with `stratify`, `StratifiedShuffleSplit`.
 */
export function trainTestSplit(nSamples: number, options: TrainTestSplitOptions = {}): Fold {
  const { testSize = 0.25, seed = 0, stratify } = options;
  const { nTrain, nTest } = splitSizes(nSamples, testSize);
  const rng = new Mt19937(seed);
  if (!stratify) {
    const permutation = rng.permutation(nSamples);
    return { test: permutation.slice(0, nTest), train: permutation.slice(nTest, nTest + nTrain) };
  }
  if (stratify.length !== nSamples) throw new RangeError('stratify must have one label per row');
  return stratifiedShuffleSplit(stratify, nTrain, nTest, rng);
}

function stratifiedShuffleSplit(
  y: ArrayLike<Label>,
  nTrain: number,
  nTest: number,
  rng: Mt19937,
): Fold {
  const { classes, codes } = encodeLabels(y);
  const counts = countCodes(codes, classes.length);
  if (Math.min(...counts) < 2)
    throw new RangeError('The least populated class has only 1 member; cannot stratify');
  if (nTrain < classes.length || nTest < classes.length) {
    throw new RangeError(`Both parts need at least one row per class (${classes.length} classes)`);
  }
  const members = classes.map(() => [] as number[]);
  codes.forEach((code, i) => members[code]!.push(i));
  const trainCounts = approximateMode(Array.from(counts), nTrain, rng);
  const testCounts = approximateMode(
    Array.from(counts, (c, k) => c - trainCounts[k]!),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((rows, k) => {
    const shuffled = Array.from(rng.permutation(rows.length), (p) => rows[p]!);
    train.push(...shuffled.slice(0, trainCounts[k]));
    test.push(...shuffled.slice(trainCounts[k], trainCounts[k]! + testCounts[k]!));
  });
  return { train: rng.shuffle(Uint32Array.from(train)), test: rng.shuffle(Uint32Array.from(test)) };
}

/** scikit-learn's `_approximate_mode`: per-class draws, ties broken at random. */
function approximateMode(counts: number[], nDraws: number, rng: Mt19937): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  const remainder = continuous.map((c, k) => c - floored[k]!);
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    if (needToAdd <= 0) break;
    const candidates = remainder.flatMap((r, k) => (r === value ? [k] : []));
    const addNow = Math.min(candidates.length, needToAdd);
    // `rng.choice(candidates, addNow, replace=False)` is a permutation prefix in legacy numpy.
    const chosen = rng.permutation(candidates.length).slice(0, addNow);
    for (const p of chosen) floored[candidates[p]!]!++;
    needToAdd -= addNow;
  }
  return floored;
}
