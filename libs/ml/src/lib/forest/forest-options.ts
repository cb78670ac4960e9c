import { availableParallelism } from 'node:os';
import {
  resolveTreeOptions,
  type MaxFeatures,
  type ResolvedTreeOptions,
  type TreeOptions,
} from '../tree/tree-options';

export interface ForestOptions extends TreeOptions {
  readonly nEstimators?: number;
  readonly bootstrap?: boolean;
  /**
   * Worker threads for `fit`; 1 trains in-process. By default `os.availableParallelism()`, except
   * that jobs too small to repay starting threads train in-process. Results never depend on it.
   */
  readonly nWorkers?: number;
}

/** Per-call options of a forest's `fit`, never saved with the model. */
export interface ForestFitOptions {
  /** Called after each tree is grown, with the count so far and the total (for progress bars). */
  readonly onTree?: (treesDone: number, nTrees: number) => void;
}

export interface ResolvedForestOptions extends ResolvedTreeOptions {
  readonly nEstimators: number;
  readonly bootstrap: boolean;
}

export function resolveForestOptions(
  options: ForestOptions,
  defaultMaxFeatures: MaxFeatures,
): ResolvedForestOptions {
  const nEstimators = options.nEstimators ?? 100;
  if (!Number.isInteger(nEstimators) || nEstimators < 1) {
    throw new RangeError(`nEstimators must be a positive integer, got ${nEstimators}`);
  }
  return {
    ...resolveTreeOptions(options, defaultMaxFeatures),
    nEstimators,
    bootstrap: options.bootstrap ?? true,
  };
}

/** Validates an explicit worker count; `undefined` means "decide per job" ({@link workersFor}). */
export function resolveWorkers(nWorkers: number | undefined): number | undefined {
  if (nWorkers !== undefined && !(Number.isInteger(nWorkers) && nWorkers >= 1)) {
    throw new RangeError(`nWorkers must be an integer >= 1, got ${nWorkers}`);
  }
  return nWorkers;
}

// Starting worker threads and warming their JIT costs about 0.2 s on our 2-core machines; below
// this many row × tree × features-per-split visits a single thread finishes sooner (measured).
const MIN_WORK_FOR_WORKERS = 4_000_000;

export function workersFor(
  nWorkers: number | undefined,
  nRows: number,
  nTrees: number,
  featuresPerSplit: number,
): number {
  if (nWorkers !== undefined) return nWorkers;
  return nRows * nTrees * featuresPerSplit < MIN_WORK_FOR_WORKERS ? 1 : availableParallelism();
}

/** Mean of the per-tree normalised importances, renormalised, skipping single-leaf trees (as scikit-learn). */
export function forestImportances(
  perTree: readonly Float64Array[],
  nFeatures: number,
): Float64Array {
  const sum = new Float64Array(nFeatures);
  for (const importances of perTree) {
    const total = importances.reduce((a, b) => a + b, 0);
    if (total > 0) importances.forEach((v, f) => (sum[f]! += v / total));
  }
  const total = sum.reduce((a, b) => a + b, 0);
  return total > 0 ? sum.map((v) => v / total) : sum;
}
