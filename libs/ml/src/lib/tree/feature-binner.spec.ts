import { at } from '../../test/at';
import { createMatrix, matrixFromArrays } from '../core/feature-matrix';
import { Rng } from '../random/rng';
import { FeatureBinner } from './feature-binner';

describe(FeatureBinner.name, () => {
  it('gives one bin per distinct value with midpoint edges when values are few', () => {
    const data = new FeatureBinner(255).fitTransform(
      matrixFromArrays([[3], [1], [2], [1], [Number.NaN]]),
    );
    expect(Array.from(data.edges)).toEqual([1.5, 2.5]);
    // NaN joins the last bin, as prediction sends NaN right.
    expect(Array.from(data.bins)).toEqual([2, 0, 1, 0, 2]);
  });

  it('caps the bins and keeps bin <= b exactly equivalent to value <= edge[b]', () => {
    const rng = new Rng(9);
    const x = createMatrix(
      5000,
      1,
      Float64Array.from({ length: 5000 }, () => rng.nextFloat() * 100),
    );
    const data = new FeatureBinner(32).fitTransform(x);
    expect(data.nBins[0]).toBeLessThanOrEqual(32);
    let mismatches = 0;
    for (let i = 0; i < x.nRows; i++) {
      for (let b = 0; b < at(data.nBins, 0) - 1; b++) {
        if (at(data.bins, i) <= b !== at(x.data, i) <= at(data.edges, b)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('uses 16-bit codes above 256 bins', () => {
    const x = createMatrix(
      1000,
      1,
      Float64Array.from({ length: 1000 }, (_, i) => i),
    );
    const data = new FeatureBinner(1000).fitTransform(x);
    expect(data.bins).toBeInstanceOf(Uint16Array);
    expect(data.bins[999]).toBe(999);
  });
});
