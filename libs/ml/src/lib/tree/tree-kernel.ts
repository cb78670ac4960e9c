/* istanbul ignore file -- serialised into worker threads, which coverage counters would break */

import { type BinnedData, type FlatTree, type TreeParams } from './tree-types';

// CART growth on pre-binned features. The forest worker is built from `growTree.toString()`, so it
// uses no imports, classes or module-level values: everything it needs is nested inside it. It is
// therefore longer than our usual file.

interface Workspace {
  readonly data: BinnedData;
  /** Row ids of the samples, grouped by node; `classes`, `target` and `weights` follow the same order. */
  readonly idx: Uint32Array;
  readonly classes: Int32Array;
  readonly target: Float64Array;
  readonly weights: Float64Array;
  readonly isClassifier: boolean;
  readonly stride: number;
  readonly minLeaf: number;
  readonly hist: Float64Array;
  readonly histCount: Int32Array;
  readonly keys: Float64Array;
  readonly acc: Float64Array;
  readonly total: Float64Array;
  bestScore: number;
  bestFeature: number;
  bestBin: number;
}

/**
 * Grows one tree depth-first on the rows with a positive weight. `next` returns uniform uint32s;
 * it drives the per-split feature sampling (scikit-learn's rule: keep drawing until `maxFeatures`
 * non-constant features were searched).
 */
export function growTree(
  data: BinnedData,
  target: Float64Array,
  weights: Float64Array,
  params: TreeParams,
  next: () => number,
): FlatTree {
  const nRows = data.nRows;
  const nFeatures = data.nFeatures;
  const isClassifier = params.nClasses > 0;
  const stride = isClassifier ? params.nClasses : 2;
  const nOut = isClassifier ? params.nClasses : 1;
  let n = 0;
  for (let i = 0; i < nRows; i++) if (weights[i]! > 0) n++;
  // Per-sample values are kept in node order so the hot loops read them sequentially.
  const idx = new Uint32Array(n);
  const sampleWeights = new Float64Array(n);
  const classes = new Int32Array(isClassifier ? n : 0);
  const values = new Float64Array(isClassifier ? 0 : n);
  for (let i = 0, k = 0; i < nRows; i++) {
    if (!(weights[i]! > 0)) continue;
    idx[k] = i;
    sampleWeights[k] = weights[i]!;
    if (isClassifier) classes[k] = target[i]!;
    else values[k] = target[i]!;
    k++;
  }
  let maxBins = 1;
  for (let f = 0; f < nFeatures; f++) maxBins = Math.max(maxBins, data.nBins[f]!);
  const ws: Workspace = {
    data,
    idx,
    classes,
    target: values,
    weights: sampleWeights,
    isClassifier,
    stride,
    minLeaf: params.minSamplesLeaf,
    hist: new Float64Array(maxBins * stride),
    histCount: new Int32Array(maxBins),
    keys: new Float64Array(Math.max(n, 1)),
    acc: new Float64Array(stride),
    total: new Float64Array(stride),
    bestScore: 0,
    bestFeature: -1,
    bestBin: -1,
  };
  const capacity = Math.max(1, 2 * n - 1);
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float64Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const value = new Float64Array(capacity * nOut);
  const importances = new Float64Array(nFeatures);
  const order = new Int32Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) order[f] = f;
  const stack = new Int32Array(4 * (n + 2));
  stack[2] = n;
  let top = 1;
  let nNodes = 1;
  while (top > 0) {
    top--;
    const node = stack[4 * top]!;
    const start = stack[4 * top + 1]!;
    const end = stack[4 * top + 2]!;
    const depth = stack[4 * top + 3]!;
    const count = end - start;
    const impurity = nodeStats(ws, start, end);
    const total = ws.total;
    const w = isClassifier ? sumOf(total) : total[0]!;
    if (isClassifier) for (let c = 0; c < nOut; c++) value[node * nOut + c] = total[c]! / w;
    else value[node] = total[1]! / w;
    if (count === 0 || depth >= params.maxDepth || count < params.minSamplesSplit) continue;
    if (count < 2 * params.minSamplesLeaf || impurity <= 2.220446049250313e-16) continue;
    ws.bestScore = -Infinity;
    ws.bestFeature = -1;
    let searched = 0;
    let remaining = nFeatures;
    while (searched < params.maxFeatures && remaining > 0) {
      const draw = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
      const j = Math.floor(draw * remaining);
      remaining--;
      const f = order[j]!;
      order[j] = order[remaining]!;
      order[remaining] = f;
      const sorted = count <= 48 || count * 4 < data.nBins[f]!;
      if (sorted ? searchSorted(ws, f, start, end) : searchHistogram(ws, f, start, end)) searched++;
    }
    if (ws.bestFeature < 0) continue;
    const f = ws.bestFeature;
    const bin = ws.bestBin;
    const bins = data.bins;
    const offset = f * nRows;
    const lo = partition(ws, bins, offset, bin, start, end);
    let parentScore = 0;
    if (isClassifier) for (let c = 0; c < stride; c++) parentScore += (total[c]! * total[c]!) / w;
    else parentScore = (total[1]! * total[1]!) / w;
    importances[f]! += ws.bestScore - parentScore;
    feature[node] = f;
    threshold[node] = data.edges[data.edgeOffsets[f]! + bin]!;
    left[node] = nNodes;
    // Push the right child, then the left one (popped first); children ids are consecutive.
    stack[4 * top] = nNodes + 1;
    stack[4 * top + 1] = lo;
    stack[4 * top + 2] = end;
    stack[4 * top + 3] = depth + 1;
    stack[4 * top + 4] = nNodes;
    stack[4 * top + 5] = start;
    stack[4 * top + 6] = lo;
    stack[4 * top + 7] = depth + 1;
    top += 2;
    nNodes += 2;
  }
  return {
    feature: feature.slice(0, nNodes),
    threshold: threshold.slice(0, nNodes),
    left: left.slice(0, nNodes),
    value: value.slice(0, nNodes * nOut),
    nOutputs: nOut,
    importances,
  };

  // Helpers are nested so this one function's text is the whole kernel: a bundler may rename or
  // inline top-level functions, but never breaks references inside a function body.
  function sumOf(values: Float64Array): number {
    let s = 0;
    for (let c = 0; c < values.length; c++) s += values[c]!;
    return s;
  }

  /** Fills `ws.total` (class weights, or [weight, weighted sum]) and returns the node impurity. */
  function nodeStats(ws: Workspace, start: number, end: number): number {
    const { classes, weights, total } = ws;
    total.fill(0);
    if (ws.isClassifier) {
      for (let s = start; s < end; s++) total[classes[s]!]! += weights[s]!;
      const w = sumOf(total);
      let sq = 0;
      for (let c = 0; c < total.length; c++) sq += (total[c]! / w) * (total[c]! / w);
      return 1 - sq;
    }
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let s = start; s < end; s++) {
      const y = ws.target[s]!;
      total[0]! += weights[s]!;
      total[1]! += weights[s]! * y;
      sumSq += weights[s]! * y * y;
      if (y < min) min = y;
      if (y > max) max = y;
    }
    // An exact test for a constant target: the variance formula leaves rounding noise.
    if (min === max) return 0;
    const mean = total[1]! / total[0]!;
    return Math.max(sumSq / total[0]! - mean * mean, 0);
  }

  /** Proxy of the impurity decrease (larger is better) for left statistics `ws.acc`. */
  function splitScore(ws: Workspace): number {
    const { acc, total } = ws;
    if (!ws.isClassifier) {
      const sl = acc[1]!;
      const sr = total[1]! - sl;
      return (sl * sl) / acc[0]! + (sr * sr) / (total[0]! - acc[0]!);
    }
    let wl = 0;
    let wr = 0;
    let ql = 0;
    let qr = 0;
    for (let c = 0; c < acc.length; c++) {
      const a = acc[c]!;
      const r = total[c]! - a;
      wl += a;
      wr += r;
      ql += a * a;
      qr += r * r;
    }
    return ql / wl + qr / wr;
  }

  function considerSplit(
    ws: Workspace,
    f: number,
    bin: number,
    nLeft: number,
    count: number,
  ): boolean {
    if (nLeft < ws.minLeaf) return true;
    if (count - nLeft < ws.minLeaf) return false;
    const score = splitScore(ws);
    if (score > ws.bestScore) {
      ws.bestScore = score;
      ws.bestFeature = f;
      ws.bestBin = bin;
    }
    return true;
  }

  /** Moves the node's samples with `bin <= splitBin` first; returns where the right child starts. */
  function partition(
    ws: Workspace,
    bins: Uint8Array | Uint16Array,
    offset: number,
    splitBin: number,
    start: number,
    end: number,
  ): number {
    const { idx, weights, classes, target, isClassifier } = ws;
    let lo = start;
    let hi = end - 1;
    while (lo <= hi) {
      if (bins[offset + idx[lo]!]! <= splitBin) {
        lo++;
        continue;
      }
      const i = idx[lo]!;
      idx[lo] = idx[hi]!;
      idx[hi] = i;
      const w = weights[lo]!;
      weights[lo] = weights[hi]!;
      weights[hi] = w;
      if (isClassifier) {
        const c = classes[lo]!;
        classes[lo] = classes[hi]!;
        classes[hi] = c;
      } else {
        const y = target[lo]!;
        target[lo] = target[hi]!;
        target[hi] = y;
      }
      hi--;
    }
    return lo;
  }

  /** Histogram scan for large nodes. Returns false when the feature is constant in the node. */
  function searchHistogram(ws: Workspace, f: number, start: number, end: number): boolean {
    const { idx, weights, hist, histCount, acc, stride, classes, target, isClassifier } = ws;
    const bins = ws.data.bins;
    const offset = f * ws.data.nRows;
    let lo = 65536;
    let hi = -1;
    // Two loops rather than a branch per sample: this is the hottest code of a forest.
    if (isClassifier) {
      for (let s = start; s < end; s++) {
        const b = bins[offset + idx[s]!]!;
        hist[b * stride + classes[s]!]! += weights[s]!;
        histCount[b]!++;
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
    } else {
      for (let s = start; s < end; s++) {
        const b = bins[offset + idx[s]!]!;
        hist[2 * b]! += weights[s]!;
        hist[2 * b + 1]! += weights[s]! * target[s]!;
        histCount[b]!++;
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
    }
    if (lo < hi) {
      acc.fill(0);
      let nLeft = 0;
      for (let b = lo; b < hi; b++) {
        if (histCount[b] === 0) continue;
        nLeft += histCount[b]!;
        for (let c = 0; c < stride; c++) acc[c]! += hist[b * stride + c]!;
        if (!considerSplit(ws, f, b, nLeft, end - start)) break;
      }
    }
    hist.fill(0, lo * stride, (hi + 1) * stride);
    histCount.fill(0, lo, hi + 1);
    return lo < hi;
  }

  /** Sort-based scan for small nodes, where clearing a full histogram would dominate. */
  function searchSorted(ws: Workspace, f: number, start: number, end: number): boolean {
    const { idx, weights, keys, acc, classes, target, isClassifier } = ws;
    const bins = ws.data.bins;
    const offset = f * ws.data.nRows;
    const count = end - start;
    const shift = 4294967296;
    for (let k = 0; k < count; k++) keys[k] = bins[offset + idx[start + k]!]! * shift + k;
    if (count <= 64) {
      for (let k = 1; k < count; k++) {
        const key = keys[k]!;
        let j = k - 1;
        while (j >= 0 && keys[j]! > key) keys[j + 1] = keys[j--]!;
        keys[j + 1] = key;
      }
    } else keys.subarray(0, count).sort();
    if (Math.floor(keys[0]! / shift) === Math.floor(keys[count - 1]! / shift)) return false;
    acc.fill(0);
    for (let k = 0; k < count - 1; k++) {
      const bin = Math.floor(keys[k]! / shift);
      const s = start + (keys[k]! - bin * shift);
      if (isClassifier) acc[classes[s]!]! += weights[s]!;
      else {
        acc[0]! += weights[s]!;
        acc[1]! += weights[s]! * target[s]!;
      }
      if (Math.floor(keys[k + 1]! / shift) === bin) continue;
      if (!considerSplit(ws, f, bin, k + 1, count)) break;
    }
    return true;
  }
}
