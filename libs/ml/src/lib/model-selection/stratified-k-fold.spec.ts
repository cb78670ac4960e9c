import { StratifiedKFold } from './stratified-k-fold';

describe(StratifiedKFold.name, () => {
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

  it('matches scikit-learn StratifiedKFold(3, shuffle=True, random_state=1)', () => {
    // Fold of each row from a numpy transcription of scikit-learn's _make_test_folds.
    const expected = [1, 0, 2, 2, 0, 2, 2, 0, 1, 0, 0, 1, 1, 1, 1, 2, 2, 0];
    const folds = new StratifiedKFold({ nSplits: 3, shuffle: true, seed: 1 }).split(y);
    folds.forEach((fold, k) =>
      expect(Array.from(fold.test)).toEqual(expected.flatMap((f, i) => (f === k ? [i] : []))),
    );
  });

  it('spreads each class evenly across folds', () => {
    const folds = new StratifiedKFold({ nSplits: 2 }).split(y);
    for (const fold of folds) {
      const counts = ['a', 'b', 'c'].map(
        (c) => Array.from(fold.test).filter((i) => y[i] === c).length,
      );
      expect(counts).toEqual([4, 3, 2]);
    }
  });

  it('refuses more folds than any class has members', () => {
    expect(() => new StratifiedKFold({ nSplits: 3 }).split(['a', 'a', 'b', 'b'])).toThrow(
      RangeError,
    );
  });
});
