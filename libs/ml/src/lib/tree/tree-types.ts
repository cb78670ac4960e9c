/** Features quantised by `FeatureBinner`: bin codes plus the raw-value edge of every bin. */
export interface BinnedData {
  /** Column-major bin codes: row i of feature f is `bins[f * nRows + i]`. */
  readonly bins: Uint8Array | Uint16Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly nBins: Int32Array;
  /** Bin b of feature f holds values `<= edges[edgeOffsets[f] + b]` (the last bin is open). */
  readonly edges: Float64Array;
  readonly edgeOffsets: Int32Array;
}

export interface TreeParams {
  /** Number of classes; 0 grows a regression tree. */
  readonly nClasses: number;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Features drawn per split (already resolved from 'sqrt', 'log2', ...). */
  readonly maxFeatures: number;
}

/** A fitted tree as flat arrays. A leaf has `feature === -1`; node k's children are `left[k]` and `left[k] + 1`. */
export interface FlatTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  /** nNodes × nOutputs: class probabilities, or the mean target. */
  readonly value: Float64Array;
  readonly nOutputs: number;
  /** Weighted impurity decrease per feature, not yet normalised. */
  readonly importances: Float64Array;
}
