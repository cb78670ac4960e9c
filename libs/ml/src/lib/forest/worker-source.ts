import { type KernelLib, serveTreeJobs } from './tree-job';

const cache = new WeakMap<KernelLib, string>();

/**
 * Source for `new Worker(source, { eval: true })`, assembled from the functions' own text so it
 * runs unchanged from ts-jest, ts-node, tsc output or a minified webpack bundle, with no worker
 * file on disk. The functions are bound to names chosen here, never to their declared names,
 * which a minifier may change or drop.
 */
export function forestWorkerSource(lib: KernelLib): string {
  const cached = cache.get(lib);
  if (cached !== undefined) return cached;
  const entries = Object.entries(lib).map(
    ([name, fn]: [string, (...args: never[]) => unknown]) => `  ${name}: (${fn.toString()}),`,
  );
  const source = [
    '"use strict";',
    `const lib = {\n${entries.join('\n')}\n};`,
    `(${serveTreeJobs.toString()})(require('node:worker_threads').parentPort, lib);`,
  ].join('\n');
  cache.set(lib, source);
  return source;
}
