import { runInNewContext } from 'node:vm';
import { at } from '../../test/at';
import { blobs } from '../../test/synthetic';
import { FeatureBinner } from '../tree/feature-binner';
import { resolveTreeOptions, toTreeParams } from '../tree/tree-options';
import { KERNEL } from './train-forest';
import { type ForestJob, type WorkerReply, type WorkerRequest } from './tree-job';
import { forestWorkerSource } from './worker-source';

describe(forestWorkerSource.name, () => {
  const { x, y } = blobs(120, 4, 1);
  const job: ForestJob = {
    data: new FeatureBinner().fitTransform(x),
    target: Float64Array.from(y),
    params: toTreeParams(resolveTreeOptions({}, 'sqrt'), 4, 2),
    seed: 9,
    bootstrap: true,
  };

  // A bare context has no module bindings, so this fails if the source leans on a function's
  // declared name, which a minifier is free to change (webpack is checked by
  // tools/bench/ml/webpack.smoke.config.js).
  it('is self-contained and grows the same tree as the in-process kernel', () => {
    let listener: ((message: WorkerRequest) => void) | undefined;
    const replies: WorkerReply[] = [];
    const parentPort = {
      on: (_event: string, handler: (message: WorkerRequest) => void) => (listener = handler),
      postMessage: (reply: WorkerReply) => replies.push(reply),
    };
    runInNewContext(forestWorkerSource(KERNEL), { require: () => ({ parentPort }) });
    listener?.({ kind: 'job', job });
    listener?.({ kind: 'tree', treeIndex: 3 });
    const reply = at(replies, 0);
    if (!('tree' in reply)) throw new Error(reply.error);
    const expected = KERNEL.trainTree(job, 3, KERNEL);
    expect(reply.treeIndex).toBe(3);
    expect(Array.from(reply.tree.threshold)).toEqual(Array.from(expected.threshold));
    expect(Array.from(reply.tree.value)).toEqual(Array.from(expected.value));
  });

  it('reports errors instead of dying silently', () => {
    let listener: ((message: WorkerRequest) => void) | undefined;
    const replies: WorkerReply[] = [];
    const parentPort = {
      on: (_e: string, h: typeof listener) => (listener = h),
      postMessage: (r: WorkerReply) => replies.push(r),
    };
    runInNewContext(forestWorkerSource(KERNEL), { require: () => ({ parentPort }) });
    listener?.({ kind: 'tree', treeIndex: 0 });
    expect(replies[0]).toMatchObject({
      treeIndex: 0,
      error: expect.stringContaining('before the forest job'),
    });
  });
});
