import { type Fold } from '../core/types';

export interface CrossValidationResult {
  readonly scores: number[];
  readonly mean: number;
  /** Population standard deviation, as `np.std` in scikit-learn reports. */
  readonly std: number;
}

/**
 * Runs `evaluate` on each fold in turn. The callback fits everything, preprocessing included, on
 * `fold.train` only, which keeps test rows out of every fitted statistic.
 */
export async function crossValidate(
  folds: readonly Fold[],
  evaluate: (fold: Fold, index: number) => number | Promise<number>,
): Promise<CrossValidationResult> {
  const scores: number[] = [];
  for (const [index, fold] of folds.entries()) scores.push(await evaluate(fold, index));
  return summarizeScores(scores);
}

export function summarizeScores(scores: readonly number[]): CrossValidationResult {
  if (scores.length === 0) throw new RangeError('No scores to summarise');
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length;
  return { scores: [...scores], mean, std: Math.sqrt(variance) };
}
