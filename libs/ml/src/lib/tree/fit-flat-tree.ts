import { type FeatureMatrix } from '../core/feature-matrix';
import { Rng } from '../random/rng';
import { FeatureBinner } from './feature-binner';
import { growTree } from './tree-kernel';
import { type ResolvedTreeOptions, toTreeParams } from './tree-options';
import { type FlatTree } from './tree-types';

/** Fits one tree in-process; `target` holds class codes when `nClasses > 0`. */
export function fitFlatTree(
  x: FeatureMatrix,
  target: Float64Array,
  nClasses: number,
  options: ResolvedTreeOptions,
  sampleWeight?: ArrayLike<number>,
): FlatTree {
  const weights = new Float64Array(x.nRows).fill(1);
  if (sampleWeight) {
    if (sampleWeight.length !== x.nRows)
      throw new RangeError('sampleWeight must have one value per row');
    for (let i = 0; i < x.nRows; i++) {
      const w = sampleWeight[i];
      if (w === undefined || !(w >= 0) || !Number.isFinite(w)) {
        throw new RangeError(`sampleWeight must be finite and >= 0, got ${w}`);
      }
      weights[i] = w;
    }
  }
  const data = new FeatureBinner(options.maxBins).fitTransform(x);
  const rng = new Rng(options.seed);
  return growTree(data, target, weights, toTreeParams(options, x.nCols, nClasses), () =>
    rng.nextUint32(),
  );
}
