import { createMatrix, RandomForestClassifier } from '@gatehouse/ml';

// Checks that forest workers start from whatever this file was turned into (ts-node, a webpack
// bundle, minified or not) and grow the same trees as in-process training.
async function main(): Promise<void> {
  const n = 400;
  const x = createMatrix(
    n,
    4,
    Float64Array.from({ length: n * 4 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1),
  );
  const y = Array.from({ length: n }, (_, i) => {
    const [a = 0, b = 0] = x.data.subarray(i * 4, i * 4 + 2);
    return a + b > 0 ? 'pos' : 'neg';
  });
  const fit = (nWorkers: number) =>
    new RandomForestClassifier({ nEstimators: 8, seed: 1, nWorkers }).fit(x, y);
  const [threaded, inProcess] = [await fit(2), await fit(1)];
  if (JSON.stringify(threaded) !== JSON.stringify(inProcess))
    throw new Error('Worker trees differ from in-process trees');
  console.log(`worker smoke OK: ${threaded.nTrees} trees, identical on 2 workers and in-process`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
