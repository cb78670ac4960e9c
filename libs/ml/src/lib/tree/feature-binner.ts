import { type FeatureMatrix } from '../core/feature-matrix';
import { type BinnedData } from './tree-types';

/**
 * Quantises each feature into at most `maxBins` bins for histogram split search. A feature with
 * no more distinct values than bins gets one bin per value with midpoint edges, which makes the
 * split search exact (the same candidate thresholds as scikit-learn's CART). NaN falls in the last
 * bin, matching prediction, where `NaN <= threshold` is false.
 */
export class FeatureBinner {
  private edgesPerFeature: Float64Array[] = [];

  constructor(readonly maxBins = 255) {
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 65536) {
      throw new RangeError(`maxBins must be an integer in [2, 65536], got ${maxBins}`);
    }
  }

  fit(x: FeatureMatrix): this {
    const column = new Float64Array(x.nRows);
    this.edgesPerFeature = Array.from({ length: x.nCols }, (_, f) => {
      let m = 0;
      for (let i = 0; i < x.nRows; i++) {
        const v = x.data[i * x.nCols + f]!;
        if (!Number.isNaN(v)) column[m++] = v;
      }
      return this.edgesOf(column.slice(0, m).sort());
    });
    return this;
  }

  transform(x: FeatureMatrix): BinnedData {
    const nFeatures = this.edgesPerFeature.length;
    if (x.nCols !== nFeatures)
      throw new RangeError(`Expected ${nFeatures} features, got ${x.nCols}`);
    const nBins = Int32Array.from(this.edgesPerFeature, (e) => e.length + 1);
    const edgeOffsets = new Int32Array(nFeatures);
    for (let f = 1; f < nFeatures; f++) edgeOffsets[f] = edgeOffsets[f - 1]! + nBins[f - 1]! - 1;
    const edges = new Float64Array(
      nFeatures === 0 ? 0 : edgeOffsets[nFeatures - 1]! + nBins[nFeatures - 1]! - 1,
    );
    this.edgesPerFeature.forEach((e, f) => edges.set(e, edgeOffsets[f]));
    const size = x.nRows * nFeatures;
    const bins = this.maxBins <= 256 ? new Uint8Array(size) : new Uint16Array(size);
    this.edgesPerFeature.forEach((e, f) => {
      for (let i = 0; i < x.nRows; i++)
        bins[f * x.nRows + i] = binOf(e, x.data[i * nFeatures + f]!);
    });
    return { bins, nRows: x.nRows, nFeatures, nBins, edges, edgeOffsets };
  }

  fitTransform(x: FeatureMatrix): BinnedData {
    return this.fit(x).transform(x);
  }

  private edgesOf(sorted: Float64Array): Float64Array {
    const distinct: number[] = [];
    for (let i = 0; i < sorted.length && distinct.length <= this.maxBins; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    }
    const edges: number[] = [];
    if (distinct.length <= this.maxBins) {
      for (let k = 1; k < distinct.length; k++)
        edges.push(midpoint(distinct[k - 1]!, distinct[k]!));
      return Float64Array.from(edges);
    }
    // Quantile edges; heavy ties collapse, so some features end up with fewer bins.
    for (let q = 1; q < this.maxBins; q++) {
      const j = Math.min(
        Math.max(Math.round((q * sorted.length) / this.maxBins), 1),
        sorted.length - 1,
      );
      const edge = midpoint(sorted[j - 1]!, sorted[j]!);
      if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
    }
    return Float64Array.from(edges);
  }
}

/** Like scikit-learn: the midpoint, unless rounding pushes it onto the upper value. */
function midpoint(a: number, b: number): number {
  const mid = a / 2 + b / 2;
  return mid >= b || !Number.isFinite(mid) ? a : mid;
}

/** Number of edges below `v`, so `binOf(v) <= b` exactly when `v <= edges[b]`. */
function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return edges.length;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
