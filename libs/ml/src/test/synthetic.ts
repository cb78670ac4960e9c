import { createMatrix, type FeatureMatrix } from '../lib/core/feature-matrix';
import { Rng } from '../lib/random/rng';

/** Two Gaussian-ish blobs separated along the first `informative` features; the rest is noise. */
export function blobs(
  n: number,
  nFeatures: number,
  seed: number,
  informative = 2,
): { x: FeatureMatrix; y: number[] } {
  const rng = new Rng(seed);
  const x = createMatrix(n, nFeatures);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y.push(label);
    for (let j = 0; j < nFeatures; j++) {
      const noise = rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 1.5;
      x.data[i * nFeatures + j] = noise + (j < informative ? 1.5 * label : 0);
    }
  }
  return { x, y };
}
