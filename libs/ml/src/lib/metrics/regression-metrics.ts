import { assertPaired } from './classification-metrics';

export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  assertPaired(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yPred[i]!) ** 2;
  return sum / yTrue.length;
}

export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  assertPaired(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}

/** Coefficient of determination; a constant `yTrue` scores 1 if predicted exactly, else 0 (scikit-learn). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  assertPaired(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += yTrue[i]!;
  const mean = sum / yTrue.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    residual += (yTrue[i]! - yPred[i]!) ** 2;
    total += (yTrue[i]! - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
