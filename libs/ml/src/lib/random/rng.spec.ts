import { Rng } from './rng';
import { deriveSeed } from './xoshiro128';

describe(Rng.name, () => {
  it('repeats the same stream for the same seed and differs across seeds', () => {
    const draw = (seed: number): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws floats in [0, 1) with a plausible mean', () => {
    const sut = new Rng(1);
    const values = Array.from({ length: 20000 }, () => sut.nextFloat());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
  });

  it('draws every integer below the bound and nothing else', () => {
    const sut = new Rng(3);
    const seen = new Set(Array.from({ length: 500 }, () => sut.nextInt(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('shuffles into a permutation', () => {
    const permutation = new Rng(5).permutation(50);
    expect(Array.from(permutation).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(Array.from(permutation)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('derives distinct sub-stream seeds', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(1000);
  });
});
