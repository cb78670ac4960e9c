import { compareLabels } from '../core/labels';
import { type Label } from '../core/types';

export interface ClassScores {
  readonly label: Label;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows of this class in `yTrue`. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly perClass: ClassScores[];
  readonly accuracy: number;
  readonly macro: Omit<ClassScores, 'label'>;
  readonly weighted: Omit<ClassScores, 'label'>;
}

export interface ConfusionMatrix {
  readonly labels: Label[];
  /** `matrix[i][j]`: rows of true class `labels[i]` predicted as `labels[j]`. */
  readonly matrix: number[][];
}

export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  assertPaired(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Labels default to every label in either array, sorted (scikit-learn's `unique_labels`). */
export function confusionMatrix(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  labels?: readonly Label[],
): ConfusionMatrix {
  assertPaired(yTrue, yPred);
  const all = labels
    ? [...labels]
    : [...new Set([...Array.from(yTrue), ...Array.from(yPred)])].sort(compareLabels);
  const index = new Map(all.map((label, k) => [label, k]));
  const matrix = all.map(() => new Array<number>(all.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined && p !== undefined) matrix[t]![p]!++;
  }
  return { labels: all, matrix };
}

/** Per-class precision/recall/F1/support plus macro and support-weighted averages; 0/0 counts as 0. */
export function classificationReport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  labels?: readonly Label[],
): ClassificationReport {
  const { labels: all, matrix } = confusionMatrix(yTrue, yPred, labels);
  // `matrix` is square with one row and one column per label.
  const perClass = all.map((label, k) => {
    const truePositive = matrix[k]![k]!;
    const predicted = matrix.reduce((sum, row) => sum + row[k]!, 0);
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const precision = ratio(truePositive, predicted);
    const recall = ratio(truePositive, support);
    return {
      label,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
    };
  });
  const totalSupport = perClass.reduce((a, c) => a + c.support, 0);
  const average = (
    weight: (c: ClassScores) => number,
    total: number,
  ): Omit<ClassScores, 'label'> => ({
    precision: ratio(
      perClass.reduce((a, c) => a + weight(c) * c.precision, 0),
      total,
    ),
    recall: ratio(
      perClass.reduce((a, c) => a + weight(c) * c.recall, 0),
      total,
    ),
    f1: ratio(
      perClass.reduce((a, c) => a + weight(c) * c.f1, 0),
      total,
    ),
    support: totalSupport,
  });
  return {
    perClass,
    accuracy: accuracy(yTrue, yPred),
    macro: average(() => 1, perClass.length),
    weighted: average((c) => c.support, totalSupport),
  };
}

export function f1Macro(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  return classificationReport(yTrue, yPred).macro.f1;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function assertPaired(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new RangeError(`Lengths differ: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new RangeError('Cannot score empty arrays');
}
