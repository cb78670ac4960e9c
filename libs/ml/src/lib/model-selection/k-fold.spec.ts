import { at } from '../../test/at';
import { KFold } from './k-fold';

describe(KFold.name, () => {
  it('makes contiguous folds, larger ones first, without shuffling', () => {
    const folds = new KFold({ nSplits: 3 }).split(7);
    expect(folds.map((f) => Array.from(f.test))).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(Array.from(at(folds, 1).train)).toEqual([0, 1, 2, 5, 6]);
  });

  it('matches scikit-learn KFold(shuffle=True, random_state=0)', () => {
    // np.random.RandomState(0).shuffle(arange(10)) -> [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]
    const folds = new KFold({ nSplits: 3, shuffle: true, seed: 0 }).split(10);
    expect(folds.map((f) => Array.from(f.test))).toEqual([
      [2, 4, 8, 9],
      [1, 6, 7],
      [0, 3, 5],
    ]);
  });

  it('rejects more folds than rows', () => {
    expect(() => new KFold({ nSplits: 5 }).split(3)).toThrow(RangeError);
    expect(() => new KFold({ nSplits: 1 })).toThrow(RangeError);
  });
});
