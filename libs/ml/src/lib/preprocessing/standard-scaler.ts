import { assertColumns, createMatrix, type FeatureMatrix } from '../core/feature-matrix';
import { assertJsonType } from '../core/json-type';
import { assertFitted } from './cells';

export interface StandardScalerJson {
  readonly type: 'StandardScaler';
  readonly mean: number[];
  readonly scale: number[];
}

/**
 * (x − mean) / std per column with the population std, like scikit-learn. A constant column gets
 * scale 1. NaN is ignored when fitting and passed through, so it can be imputed later.
 */
export class StandardScaler {
  private fitted?: { mean: Float64Array; scale: Float64Array };

  fit(x: FeatureMatrix): this {
    const { nRows, nCols, data } = x;
    const mean = new Float64Array(nCols);
    const scale = new Float64Array(nCols);
    for (let j = 0; j < nCols; j++) {
      let count = 0;
      let sum = 0;
      for (let i = 0; i < nRows; i++) {
        const v = data[i * nCols + j]!;
        if (Number.isNaN(v)) continue;
        count++;
        sum += v;
      }
      const m = count > 0 ? sum / count : 0;
      mean[j] = m;
      // Two passes: the one-pass formula loses precision on large offsets.
      let squares = 0;
      for (let i = 0; i < nRows; i++) {
        const v = data[i * nCols + j]!;
        if (!Number.isNaN(v)) squares += (v - m) ** 2;
      }
      const std = count > 0 ? Math.sqrt(squares / count) : 0;
      scale[j] = std > 10 * Number.EPSILON * Math.max(1, Math.abs(m)) ? std : 1;
    }
    this.fitted = { mean, scale };
    return this;
  }

  transform(x: FeatureMatrix): FeatureMatrix {
    const { mean, scale } = assertFitted(this.fitted, 'StandardScaler');
    assertColumns(x, mean.length);
    const out = createMatrix(x.nRows, x.nCols);
    for (let i = 0; i < x.data.length; i++) {
      const j = i % x.nCols;
      out.data[i] = (x.data[i]! - mean[j]!) / scale[j]!;
    }
    return out;
  }

  fitTransform(x: FeatureMatrix): FeatureMatrix {
    return this.fit(x).transform(x);
  }

  get mean(): Float64Array {
    return assertFitted(this.fitted, 'StandardScaler').mean.slice();
  }

  get scale(): Float64Array {
    return assertFitted(this.fitted, 'StandardScaler').scale.slice();
  }

  toJSON(): StandardScalerJson {
    return { type: 'StandardScaler', mean: Array.from(this.mean), scale: Array.from(this.scale) };
  }

  static fromJSON(json: StandardScalerJson): StandardScaler {
    assertJsonType(json, 'StandardScaler');
    const scaler = new StandardScaler();
    scaler.fitted = { mean: Float64Array.from(json.mean), scale: Float64Array.from(json.scale) };
    return scaler;
  }
}
