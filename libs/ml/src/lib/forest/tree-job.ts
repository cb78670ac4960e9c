/* istanbul ignore file -- serialised into worker threads, which coverage counters would break */

import type { deriveSeed, xoshiro128Next, xoshiro128Seed } from '../random/xoshiro128';
import type { growTree } from '../tree/tree-kernel';
import { type BinnedData, type FlatTree, type TreeParams } from '../tree/tree-types';

// These functions also run inside worker threads, built from their `.toString()`: they reach every
// other function through `KernelLib` because a bundler may rename or drop top-level names.

/** Everything a worker needs to grow any tree of one forest. */
export interface ForestJob {
  readonly data: BinnedData;
  readonly target: Float64Array;
  readonly params: TreeParams;
  readonly seed: number;
  readonly bootstrap: boolean;
}

export interface KernelLib {
  readonly growTree: typeof growTree;
  readonly xoshiro128Seed: typeof xoshiro128Seed;
  readonly xoshiro128Next: typeof xoshiro128Next;
  readonly deriveSeed: typeof deriveSeed;
  readonly trainTree: typeof trainTree;
}

export type WorkerRequest =
  | { readonly kind: 'job'; readonly job: ForestJob }
  | { readonly kind: 'tree'; readonly treeIndex: number };

export type WorkerReply =
  | { readonly treeIndex: number; readonly tree: FlatTree }
  | { readonly treeIndex: number; readonly error: string };

interface Port {
  on(event: 'message', listener: (message: WorkerRequest) => void): unknown;
  postMessage(message: WorkerReply, transfer?: ArrayBuffer[]): void;
}

/** Tree `treeIndex` depends only on the job and its index, never on which thread grows it. */
export function trainTree(job: ForestJob, treeIndex: number, lib: KernelLib): FlatTree {
  const state = lib.xoshiro128Seed(lib.deriveSeed(job.seed, treeIndex));
  const next = (): number => lib.xoshiro128Next(state);
  const n = job.data.nRows;
  const weights = new Float64Array(n);
  if (!job.bootstrap) weights.fill(1);
  else {
    // Bootstrap as integer sample weights, like scikit-learn.
    for (let k = 0; k < n; k++) {
      const draw = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
      weights[Math.floor(draw * n)]! += 1;
    }
  }
  return lib.growTree(job.data, job.target, weights, job.params, next);
}

export function serveTreeJobs(port: Port, lib: KernelLib): void {
  let job: ForestJob | undefined;
  port.on('message', (message) => {
    if (message.kind === 'job') {
      job = message.job;
      return;
    }
    try {
      if (!job) throw new Error('Tree requested before the forest job');
      const tree = lib.trainTree(job, message.treeIndex, lib);
      const buffers = [tree.feature, tree.threshold, tree.left, tree.value, tree.importances];
      port.postMessage(
        { treeIndex: message.treeIndex, tree },
        buffers.map((a) => a.buffer as ArrayBuffer),
      );
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      port.postMessage({ treeIndex: message.treeIndex, error: text });
    }
  });
}
