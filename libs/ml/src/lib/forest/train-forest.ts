import { Worker } from 'node:worker_threads';
import { deriveSeed, xoshiro128Next, xoshiro128Seed } from '../random/xoshiro128';
import { growTree } from '../tree/tree-kernel';
import { type FlatTree } from '../tree/tree-types';
import { type ForestJob, type KernelLib, trainTree, type WorkerReply } from './tree-job';
import { forestWorkerSource } from './worker-source';

/** The in-process kernel; workers get the same functions as source text. */
export const KERNEL: KernelLib = {
  growTree,
  xoshiro128Seed,
  xoshiro128Next,
  deriveSeed,
  trainTree,
};

/** Called after each finished tree with the number done so far and the total. */
export type TreeProgress = (treesDone: number, nTrees: number) => void;

/** Grows `nTrees` trees, in-process when `nWorkers <= 1`, else on a pool of worker threads. */
export async function trainForest(
  job: ForestJob,
  nTrees: number,
  nWorkers: number,
  onTree?: TreeProgress,
): Promise<FlatTree[]> {
  if (nWorkers <= 1 || nTrees <= 1)
    return Array.from({ length: nTrees }, (_, i) => {
      const tree = trainTree(job, i, KERNEL);
      onTree?.(i + 1, nTrees);
      return tree;
    });
  const workers = Array.from(
    { length: Math.min(nWorkers, nTrees) },
    () => new Worker(forestWorkerSource(KERNEL), { eval: true }),
  );
  try {
    return await collectTrees(workers, job, nTrees, onTree);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function collectTrees(
  workers: Worker[],
  job: ForestJob,
  nTrees: number,
  onTree?: TreeProgress,
): Promise<FlatTree[]> {
  return new Promise((resolve, reject) => {
    const trees = new Array<FlatTree>(nTrees);
    let dispatched = 0;
    let received = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (!settled) reject(error);
      settled = true;
    };
    const dispatch = (worker: Worker): void => {
      if (dispatched < nTrees) worker.postMessage({ kind: 'tree', treeIndex: dispatched++ });
    };
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply)
          return fail(new Error(`Tree ${reply.treeIndex} failed in a worker: ${reply.error}`));
        trees[reply.treeIndex] = reply.tree;
        received++;
        onTree?.(received, nTrees);
        if (received === nTrees && !settled) {
          settled = true;
          resolve(trees);
        } else dispatch(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`Forest worker exited early with code ${code}`)));
      worker.postMessage({ kind: 'job', job });
      // Two trees in flight per worker hide the message round trip.
      dispatch(worker);
      dispatch(worker);
    }
  });
}
