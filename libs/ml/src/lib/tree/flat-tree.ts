import { type FeatureMatrix } from '../core/feature-matrix';
import { type FlatTree } from './tree-types';

/** JSON form of a {@link FlatTree}: plain number arrays, leaf values only. */
export interface FlatTreeJson {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  /** nLeaves × nOutputs, leaves in node order. */
  readonly leafValues: number[];
  readonly nOutputs: number;
}

export function flatTreeToJson(tree: FlatTree): FlatTreeJson {
  const leafValues: number[] = [];
  tree.feature.forEach((f, node) => {
    if (f < 0)
      leafValues.push(...tree.value.subarray(node * tree.nOutputs, (node + 1) * tree.nOutputs));
  });
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    left: Array.from(tree.left),
    leafValues,
    nOutputs: tree.nOutputs,
  };
}

export function flatTreeFromJson(json: FlatTreeJson, nFeatures: number): FlatTree {
  const nNodes = json.feature.length;
  const { nOutputs } = json;
  const value = new Float64Array(nNodes * nOutputs);
  let next = 0;
  for (const [node, f] of json.feature.entries()) {
    const child = json.left[node];
    if (child === undefined) throw new RangeError('Corrupt tree: array lengths do not match');
    if (f >= nFeatures || (f >= 0 && (child <= node || child + 1 >= nNodes))) {
      throw new RangeError(`Corrupt tree: node ${node} has feature ${f}, children at ${child}`);
    }
    if (f >= 0) continue;
    value.set(json.leafValues.slice(next, next + nOutputs), node * nOutputs);
    next += nOutputs;
  }
  if (
    next !== json.leafValues.length ||
    json.threshold.length !== nNodes ||
    json.left.length !== nNodes
  ) {
    throw new RangeError('Corrupt tree: array lengths do not match');
  }
  return {
    feature: Int32Array.from(json.feature),
    threshold: Float64Array.from(json.threshold),
    left: Int32Array.from(json.left),
    value,
    nOutputs,
    importances: new Float64Array(nFeatures),
  };
}

/** Adds `scale ×` each row's leaf value to `out` (nRows × nOutputs); forests average with it. */
export function addTreePredictions(
  tree: FlatTree,
  x: FeatureMatrix,
  out: Float64Array,
  scale = 1,
): void {
  const { feature, threshold, left, value, nOutputs } = tree;
  const { data, nCols } = x;
  for (let i = 0; i < x.nRows; i++) {
    let node = 0;
    while (feature[node]! >= 0) {
      // NaN goes right, like the binned training data.
      node = data[i * nCols + feature[node]!]! <= threshold[node]! ? left[node]! : left[node]! + 1;
    }
    for (let c = 0; c < nOutputs; c++)
      out[i * nOutputs + c]! += scale * value[node * nOutputs + c]!;
  }
}

export function treeDepth(tree: FlatTree): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  for (let node = 0; node < tree.feature.length; node++) {
    max = Math.max(max, depth[node]!);
    if (tree.feature[node]! >= 0) {
      depth[tree.left[node]!] = depth[node]! + 1;
      depth[tree.left[node]! + 1] = depth[node]! + 1;
    }
  }
  return max;
}

export function normalise(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  return sum > 0 ? values.map((v) => v / sum) : new Float64Array(values.length);
}
