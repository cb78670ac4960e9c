import { type TreeParams } from './tree-types';

/** Features drawn per split: a count (integer ≥ 1), a fraction in (0, 1), or a rule. */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface TreeOptions {
  /** Unlimited when omitted, like scikit-learn's `max_depth=None`. */
  readonly maxDepth?: number | null;
  readonly minSamplesSplit?: number;
  readonly minSamplesLeaf?: number;
  readonly maxFeatures?: MaxFeatures;
  /** Bins per feature for split search; features with fewer distinct values are searched exactly. */
  readonly maxBins?: number;
  readonly seed?: number;
}

export interface ResolvedTreeOptions {
  readonly maxDepth: number | null;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxFeatures: MaxFeatures;
  readonly maxBins: number;
  readonly seed: number;
}

export function resolveTreeOptions(
  options: TreeOptions,
  defaultMaxFeatures: MaxFeatures,
): ResolvedTreeOptions {
  const resolved = {
    maxDepth: options.maxDepth ?? null,
    minSamplesSplit: options.minSamplesSplit ?? 2,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    maxFeatures: options.maxFeatures ?? defaultMaxFeatures,
    maxBins: options.maxBins ?? 255,
    seed: options.seed ?? 0,
  };
  if (
    resolved.maxDepth !== null &&
    !(Number.isInteger(resolved.maxDepth) && resolved.maxDepth >= 1)
  ) {
    throw new RangeError(`maxDepth must be a positive integer, got ${resolved.maxDepth}`);
  }
  if (!Number.isInteger(resolved.minSamplesSplit) || resolved.minSamplesSplit < 2) {
    throw new RangeError(
      `minSamplesSplit must be an integer >= 2, got ${resolved.minSamplesSplit}`,
    );
  }
  if (!Number.isInteger(resolved.minSamplesLeaf) || resolved.minSamplesLeaf < 1) {
    throw new RangeError(`minSamplesLeaf must be an integer >= 1, got ${resolved.minSamplesLeaf}`);
  }
  resolveMaxFeatures(resolved.maxFeatures, 1);
  return resolved;
}

export function resolveMaxFeatures(maxFeatures: MaxFeatures, nFeatures: number): number {
  switch (maxFeatures) {
    case 'all':
      return nFeatures;
    case 'sqrt':
      return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
    case 'log2':
      return Math.max(1, Math.floor(Math.log2(nFeatures)));
    default:
      if (Number.isInteger(maxFeatures) && maxFeatures >= 1)
        return Math.min(maxFeatures, nFeatures);
      if (maxFeatures > 0 && maxFeatures < 1)
        return Math.max(1, Math.floor(maxFeatures * nFeatures));
      throw new RangeError(
        `maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction, got ${maxFeatures}`,
      );
  }
}

export function toTreeParams(
  options: ResolvedTreeOptions,
  nFeatures: number,
  nClasses: number,
): TreeParams {
  return {
    nClasses,
    maxDepth: options.maxDepth ?? 0x7fffffff,
    minSamplesSplit: options.minSamplesSplit,
    minSamplesLeaf: options.minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(options.maxFeatures, nFeatures),
  };
}
