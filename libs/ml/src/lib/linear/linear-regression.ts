import { SingularValueDecomposition } from 'ml-matrix';
import { assertColumns, assertSameRows, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { assertFiniteTargets, centeredDesign, predictLinear } from './centered-design';

export interface LinearModelJson<T extends string> {
  readonly type: T;
  readonly alpha?: number;
  readonly coef: number[];
  readonly intercept: number;
  readonly rank?: number;
}

/**
 * Ordinary least squares with an intercept. Solved by SVD with the minimum-norm solution, like
 * scikit-learn's `lstsq`, so collinear columns (e.g. a full one-hot block) are fine.
 */
export class LinearRegression {
  private fitted?: { coef: Float64Array; intercept: number; rank: number };

  fit(x: FeatureMatrix, y: ArrayLike<number>): this {
    assertSameRows(x, y);
    assertFiniteTargets(y);
    const design = centeredDesign(x, y);
    const svd = new SingularValueDecomposition(design.x, { autoTranspose: true });
    const coef = Float64Array.from(svd.solve(design.y).getColumn(0));
    let offset = 0;
    for (let j = 0; j < coef.length; j++) offset += coef[j]! * design.xMean[j]!;
    this.fitted = { coef, intercept: design.yMean - offset, rank: svd.rank };
    return this;
  }

  predict(x: FeatureMatrix): Float64Array {
    const { coef, intercept } = this.model();
    assertColumns(x, coef.length);
    return predictLinear(x, coef, intercept);
  }

  get coef(): Float64Array {
    return this.model().coef.slice();
  }

  get intercept(): number {
    return this.model().intercept;
  }

  /** Rank of the centred design matrix. */
  get rank(): number {
    return this.model().rank;
  }

  toJSON(): LinearModelJson<'LinearRegression'> {
    const { coef, intercept, rank } = this.model();
    return { type: 'LinearRegression', coef: Array.from(coef), intercept, rank };
  }

  static fromJSON(json: LinearModelJson<'LinearRegression'>): LinearRegression {
    assertJsonType(json, 'LinearRegression');
    const model = new LinearRegression();
    const coef = Float64Array.from(json.coef);
    model.fitted = { coef, intercept: json.intercept, rank: json.rank ?? coef.length };
    return model;
  }

  private model(): { coef: Float64Array; intercept: number; rank: number } {
    if (!this.fitted) throw new Error('LinearRegression is not fitted');
    return this.fitted;
  }
}
