import { argmaxLabels } from '../core/argmax-labels';
import {
  assertColumns,
  assertSameRows,
  createMatrix,
  type FeatureMatrix,
} from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { encodeLabels } from '../core/labels';
import { type Label } from '../core/types';
import { minimizeLbfgs } from './lbfgs';
import { binaryLogisticObjective, sigmoid, softmaxObjective } from './logistic-loss';

export interface LogisticRegressionOptions {
  /** Inverse L2 strength, as scikit-learn (default 1). */
  readonly C?: number;
  readonly maxIter?: number;
  readonly tol?: number;
}

export interface LogisticRegressionJson {
  readonly type: 'LogisticRegression';
  readonly options: Required<LogisticRegressionOptions>;
  readonly classes: Label[];
  /** One row per output: 1 for binary problems, one per class otherwise (as scikit-learn). */
  readonly coef: number[][];
  readonly intercept: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

interface Fitted {
  readonly classes: Label[];
  readonly coef: Float64Array[];
  readonly intercept: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/** L2-penalised logistic regression fitted with L-BFGS, like scikit-learn's default `lbfgs` solver. */
export class LogisticRegression {
  readonly options: Required<LogisticRegressionOptions>;
  private fitted?: Fitted;

  constructor(options: LogisticRegressionOptions = {}) {
    this.options = { C: options.C ?? 1, maxIter: options.maxIter ?? 100, tol: options.tol ?? 1e-4 };
    if (!(this.options.C > 0)) throw new RangeError(`C must be positive, got ${this.options.C}`);
  }

  fit(x: FeatureMatrix, y: ArrayLike<Label>): this {
    assertSameRows(x, y);
    const { classes, codes } = encodeLabels(y);
    if (classes.length < 2) throw new RangeError('LogisticRegression needs at least two classes');
    const p = x.nCols;
    const nOut = classes.length === 2 ? 1 : classes.length;
    const objective =
      nOut === 1
        ? binaryLogisticObjective(x, Float64Array.from(codes), this.options.C)
        : softmaxObjective(x, codes, nOut, this.options.C);
    const result = minimizeLbfgs(objective, new Float64Array(nOut * (p + 1)), {
      maxIter: this.options.maxIter,
      gtol: this.options.tol,
    });
    this.fitted = {
      classes,
      coef: Array.from({ length: nOut }, (_, k) => result.x.slice(k * p, (k + 1) * p)),
      intercept: result.x.slice(nOut * p),
      iterations: result.iterations,
      converged: result.converged,
    };
    return this;
  }

  /** nRows × nClasses, columns in {@link classes} order. */
  predictProba(x: FeatureMatrix): FeatureMatrix {
    const { classes, coef, intercept } = this.model();
    assertColumns(x, coef[0]?.length ?? 0);
    const k = classes.length;
    const out = createMatrix(x.nRows, k);
    for (let i = 0; i < x.nRows; i++) {
      const z = coef.map((w, a) => intercept[a]! + dotRow(w, x, i));
      if (z.length === 1) {
        out.data[i * 2 + 1] = sigmoid(z[0]!);
        out.data[i * 2] = 1 - out.data[i * 2 + 1]!;
        continue;
      }
      const max = Math.max(...z);
      const exps = z.map((v) => Math.exp(v - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      exps.forEach((e, a) => (out.data[i * k + a] = e / sum));
    }
    return out;
  }

  predict(x: FeatureMatrix): Label[] {
    return argmaxLabels(this.predictProba(x), this.model().classes);
  }

  get classes(): Label[] {
    return [...this.model().classes];
  }

  get coef(): number[][] {
    return this.model().coef.map((w) => Array.from(w));
  }

  get intercept(): number[] {
    return Array.from(this.model().intercept);
  }

  /** L-BFGS iterations of the last fit, and whether it met `tol` before `maxIter`. */
  get convergence(): { iterations: number; converged: boolean } {
    const { iterations, converged } = this.model();
    return { iterations, converged };
  }

  toJSON(): LogisticRegressionJson {
    return {
      type: 'LogisticRegression',
      options: this.options,
      classes: this.classes,
      coef: this.coef,
      intercept: this.intercept,
      ...this.convergence,
    };
  }

  static fromJSON(json: LogisticRegressionJson): LogisticRegression {
    assertJsonType(json, 'LogisticRegression');
    const model = new LogisticRegression(json.options);
    model.fitted = {
      classes: json.classes,
      coef: json.coef.map((w) => Float64Array.from(w)),
      intercept: Float64Array.from(json.intercept),
      iterations: json.iterations,
      converged: json.converged,
    };
    return model;
  }

  private model(): Fitted {
    if (!this.fitted) throw new Error('LogisticRegression is not fitted');
    return this.fitted;
  }
}

function dotRow(w: Float64Array, x: FeatureMatrix, i: number): number {
  let sum = 0;
  for (let j = 0; j < w.length; j++) sum += w[j]! * x.data[i * x.nCols + j]!;
  return sum;
}
