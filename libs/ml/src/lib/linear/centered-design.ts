import { Matrix } from 'ml-matrix';
import { type FeatureMatrix } from '../core/feature-matrix';

export interface CenteredDesign {
  readonly x: Matrix;
  readonly y: Matrix;
  readonly xMean: Float64Array;
  readonly yMean: number;
}

/** Centres X and y so the intercept drops out of the solve, as scikit-learn does with `fit_intercept`. */
export function centeredDesign(x: FeatureMatrix, y: ArrayLike<number>): CenteredDesign {
  const { nRows: n, nCols: p, data } = x;
  const xMean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xMean[j]! += data[i * p + j]! / n;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]! / n;
  const xc = new Matrix(n, p);
  const yc = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xc.set(i, j, data[i * p + j]! - xMean[j]!);
    yc.set(i, 0, y[i]! - yMean);
  }
  return { x: xc, y: yc, xMean, yMean };
}

export function assertFiniteTargets(y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]))
      throw new RangeError(`Regression target ${i} is not finite: ${y[i]}`);
  }
}

export function predictLinear(
  x: FeatureMatrix,
  coef: Float64Array,
  intercept: number,
): Float64Array {
  const out = new Float64Array(x.nRows);
  for (let i = 0; i < x.nRows; i++) {
    let v = intercept;
    for (let j = 0; j < coef.length; j++) v += coef[j]! * x.data[i * x.nCols + j]!;
    out[i] = v;
  }
  return out;
}
