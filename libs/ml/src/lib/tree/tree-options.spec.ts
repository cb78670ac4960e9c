import { resolveMaxFeatures, resolveTreeOptions } from './tree-options';

describe(resolveMaxFeatures.name, () => {
  it('resolves rules, counts and fractions like scikit-learn', () => {
    expect(resolveMaxFeatures('sqrt', 20)).toBe(4);
    expect(resolveMaxFeatures('log2', 20)).toBe(4);
    expect(resolveMaxFeatures('all', 20)).toBe(20);
    expect(resolveMaxFeatures(3, 20)).toBe(3);
    expect(resolveMaxFeatures(50, 20)).toBe(20);
    expect(resolveMaxFeatures(0.3, 20)).toBe(6);
    expect(resolveMaxFeatures('sqrt', 2)).toBe(1);
  });

  it('rejects nonsense', () => {
    expect(() => resolveMaxFeatures(0, 20)).toThrow(RangeError);
    expect(() => resolveMaxFeatures(1.5, 20)).toThrow(RangeError);
  });
});

describe(resolveTreeOptions.name, () => {
  it('defaults to fully grown trees, like scikit-learn', () => {
    expect(resolveTreeOptions({}, 'all')).toEqual({
      maxDepth: null,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      maxFeatures: 'all',
      maxBins: 255,
      seed: 0,
    });
  });

  it('validates limits', () => {
    expect(() => resolveTreeOptions({ maxDepth: 0 }, 'all')).toThrow(RangeError);
    expect(() => resolveTreeOptions({ minSamplesSplit: 1 }, 'all')).toThrow(RangeError);
    expect(() => resolveTreeOptions({ minSamplesLeaf: 0 }, 'all')).toThrow(RangeError);
  });
});
