import { trainTestSplit } from './train-test-split';

// Expected indices come from numpy's RandomState on this machine: ShuffleSplit directly, the
// stratified case through a numpy transcription of scikit-learn's StratifiedShuffleSplit.
describe(trainTestSplit.name, () => {
  it('matches scikit-learn ShuffleSplit: test = first ceil(0.2n) of permutation(n), train = the rest', () => {
    const { train, test } = trainTestSplit(10, { testSize: 0.2, seed: 42 });
    expect(Array.from(test)).toEqual([8, 1]);
    expect(Array.from(train)).toEqual([5, 0, 7, 2, 9, 4, 3, 6]);
  });

  it('matches scikit-learn StratifiedShuffleSplit', () => {
    const y = [
      'b',
      'a',
      'c',
      'a',
      'b',
      'b',
      'a',
      'c',
      'a',
      'b',
      'a',
      'c',
      'b',
      'a',
      'a',
      'c',
      'b',
      'a',
    ];
    const { train, test } = trainTestSplit(y.length, { testSize: 0.3, seed: 7, stratify: y });
    expect(Array.from(train)).toEqual([5, 12, 13, 7, 8, 14, 16, 1, 15, 11, 9, 6]);
    expect(Array.from(test)).toEqual([17, 0, 10, 4, 2, 3]);
  });

  it('keeps class proportions and covers every row exactly once', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 'common' : 'rare'));
    const { train, test } = trainTestSplit(100, { testSize: 0.25, seed: 1, stratify: y });
    expect(test.length).toBe(25);
    expect(Array.from(test).filter((i) => y[i] === 'rare')).toHaveLength(5);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('accepts a row count as testSize and rejects impossible sizes', () => {
    expect(trainTestSplit(10, { testSize: 3 }).test).toHaveLength(3);
    expect(() => trainTestSplit(10, { testSize: 10 })).toThrow(RangeError);
    expect(() => trainTestSplit(10, { testSize: 1.5 })).toThrow(RangeError);
    expect(() => trainTestSplit(3, { stratify: ['a', 'a', 'b'] })).toThrow('only 1 member');
  });
});
