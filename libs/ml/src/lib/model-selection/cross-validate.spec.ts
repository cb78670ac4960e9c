import { at } from '../../test/at';
import { crossValidate, summarizeScores } from './cross-validate';
import { KFold } from './k-fold';

describe(crossValidate.name, () => {
  it('scores every fold in order and reports mean and population std', async () => {
    const folds = new KFold({ nSplits: 4 }).split(8);
    const result = await crossValidate(folds, (fold) => at(fold.test, 0));
    expect(result.scores).toEqual([0, 2, 4, 6]);
    expect(result.mean).toBe(3);
    expect(result.std).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('awaits asynchronous evaluations', async () => {
    const folds = new KFold({ nSplits: 2 }).split(4);
    const result = await crossValidate(folds, async (_fold, index) => Promise.resolve(index + 1));
    expect(result.scores).toEqual([1, 2]);
  });

  it('refuses to summarise nothing', () => {
    expect(() => summarizeScores([])).toThrow(RangeError);
  });
});
