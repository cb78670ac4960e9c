import { CholeskyDecomposition } from 'ml-matrix';
import { assertColumns, assertSameRows, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { assertFiniteTargets, centeredDesign, predictLinear } from './centered-design';
import { type LinearModelJson } from './linear-regression';

/** Least squares + alpha·‖w‖² with an unpenalised intercept, like scikit-learn's `Ridge`. */
export class Ridge {
  private fitted?: { coef: Float64Array; intercept: number };

  constructor(readonly alpha = 1) {
    if (!(alpha > 0))
      throw new RangeError(`alpha must be positive (use LinearRegression for 0), got ${alpha}`);
  }

  fit(x: FeatureMatrix, y: ArrayLike<number>): this {
    assertSameRows(x, y);
    assertFiniteTargets(y);
    const design = centeredDesign(x, y);
    const xt = design.x.transpose();
    const gram = xt.mmul(design.x);
    for (let j = 0; j < x.nCols; j++) gram.set(j, j, gram.get(j, j) + this.alpha);
    const coef = Float64Array.from(
      new CholeskyDecomposition(gram).solve(xt.mmul(design.y)).getColumn(0),
    );
    let offset = 0;
    for (let j = 0; j < coef.length; j++) offset += coef[j]! * design.xMean[j]!;
    this.fitted = { coef, intercept: design.yMean - offset };
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

  toJSON(): LinearModelJson<'Ridge'> {
    const { coef, intercept } = this.model();
    return { type: 'Ridge', alpha: this.alpha, coef: Array.from(coef), intercept };
  }

  static fromJSON(json: LinearModelJson<'Ridge'>): Ridge {
    assertJsonType(json, 'Ridge');
    const model = new Ridge(json.alpha);
    model.fitted = { coef: Float64Array.from(json.coef), intercept: json.intercept };
    return model;
  }

  private model(): { coef: Float64Array; intercept: number } {
    if (!this.fitted) throw new Error('Ridge is not fitted');
    return this.fitted;
  }
}
