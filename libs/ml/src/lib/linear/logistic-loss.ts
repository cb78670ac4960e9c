import { type FeatureMatrix } from '../core/feature-matrix';
import { type Objective } from './lbfgs';

// scikit-learn's objective divided by n: mean log-loss + ‖W‖² / (2·C·n), intercepts unpenalised.
// Parameters are laid out as [W row-major (one row per output), intercepts].

/** Binary case: one weight vector, `positive[i]` is 1 for the second class. */
export function binaryLogisticObjective(
  x: FeatureMatrix,
  positive: Float64Array,
  c: number,
): Objective {
  const { data, nRows: n, nCols: p } = x;
  const l2 = 1 / (c * n);
  return (params, grad) => {
    grad.fill(0);
    const b = params[p]!;
    let loss = 0;
    let gradB = 0;
    for (let i = 0; i < n; i++) {
      const row = i * p;
      let z = b;
      for (let j = 0; j < p; j++) z += params[j]! * data[row + j]!;
      const y = positive[i]!;
      loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
      const r = sigmoid(z) - y;
      for (let j = 0; j < p; j++) grad[j]! += r * data[row + j]!;
      gradB += r;
    }
    loss /= n;
    for (let j = 0; j < p; j++) {
      grad[j] = grad[j]! / n + l2 * params[j]!;
      loss += 0.5 * l2 * params[j]! * params[j]!;
    }
    grad[p] = gradB / n;
    return loss;
  };
}

/** Multinomial (softmax) case with one weight vector per class. */
export function softmaxObjective(
  x: FeatureMatrix,
  codes: Int32Array,
  nClasses: number,
  c: number,
): Objective {
  const { data, nRows: n, nCols: p } = x;
  const k = nClasses;
  const l2 = 1 / (c * n);
  const z = new Float64Array(k);
  return (params, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * p;
      let max = -Infinity;
      for (let a = 0; a < k; a++) {
        let v = params[k * p + a]!;
        for (let j = 0; j < p; j++) v += params[a * p + j]! * data[row + j]!;
        z[a] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let a = 0; a < k; a++) sum += Math.exp(z[a]! - max);
      const logSum = max + Math.log(sum);
      loss += logSum - z[codes[i]!]!;
      for (let a = 0; a < k; a++) {
        const r = Math.exp(z[a]! - logSum) - (codes[i] === a ? 1 : 0);
        for (let j = 0; j < p; j++) grad[a * p + j]! += r * data[row + j]!;
        grad[k * p + a]! += r;
      }
    }
    loss /= n;
    for (let q = 0; q < k * p; q++) {
      grad[q] = grad[q]! / n + l2 * params[q]!;
      loss += 0.5 * l2 * params[q]! * params[q]!;
    }
    for (let a = 0; a < k; a++) grad[k * p + a]! /= n;
    return loss;
  };
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
