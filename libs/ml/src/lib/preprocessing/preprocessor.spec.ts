import { at } from '../../test/at';
import { roundTrip } from '../../test/round-trip';
import { getRow, matrixToArrays } from '../core/feature-matrix';
import { Preprocessor } from './preprocessor';

describe(Preprocessor.name, () => {
  const train = [
    { weight: 10, height: 1, island: 'A' },
    { weight: 20, height: null, island: 'B' },
    { weight: null, height: 3, island: 'A' },
    { weight: 40, height: 4, island: null },
  ];
  const options = { numeric: ['weight', 'height'], categorical: ['island'] };

  it('imputes, scales numerics and one-hot encodes categoricals into one matrix', () => {
    const sut = new Preprocessor(options).fit(train);
    expect(sut.featureNames).toEqual(['weight', 'height', 'island_A', 'island_B']);
    const x = sut.transform(train);
    expect([x.nRows, x.nCols]).toEqual([4, 4]);
    // The missing weight becomes the median 20, then scaled like any 20.
    expect(getRow(x, 2)[0]).toBe(getRow(x, 1)[0]);
    // The missing island becomes the most frequent, A.
    expect(Array.from(getRow(x, 3).slice(2))).toEqual([1, 0]);
  });

  it('learns nothing from rows it only transforms (no test-set leakage)', () => {
    const sut = new Preprocessor(options).fit(train);
    const before = JSON.stringify(sut);
    const extreme = [{ weight: 1e9, height: -1e9, island: 'Z' }];
    const out = sut.transform(extreme);
    expect(JSON.stringify(sut)).toBe(before);
    const { numericImputer, scaler } = sut.fitted();
    expect(numericImputer.statistics).toEqual({ weight: 20, height: 3 });
    expect(scaler.mean[0]).toBe(22.5);
    // An unseen category gets no column, and the extreme value is scaled with the training statistics.
    expect(Array.from(getRow(out, 0).slice(2))).toEqual([0, 0]);
    expect(getRow(out, 0)[0]).toBeCloseTo((1e9 - 22.5) / at(scaler.scale, 0), 3);
    // Whereas fitting on train + extreme would have moved the statistics.
    expect(
      new Preprocessor(options).fit([...train, ...extreme]).fitted().scaler.mean[0],
    ).toBeGreaterThan(1e8);
  });

  it('treats extra missing tokens as missing in every column', () => {
    const sut = new Preprocessor({ ...options, missingValues: ['.'] }).fit([
      ...train,
      { weight: '.', height: 2, island: '.' },
    ]);
    expect(sut.fitted().encoder.categories).toEqual({ island: ['A', 'B'] });
    expect(sut.fitted().numericImputer.statistics['weight']).toBe(20);
  });

  it('transforms identically after a JSON round trip', () => {
    const sut = new Preprocessor(options).fit(train);
    const restored = Preprocessor.fromJSON(roundTrip(sut));
    expect(matrixToArrays(restored.transform(train))).toEqual(matrixToArrays(sut.transform(train)));
  });

  it('rejects a column declared both numeric and categorical', () => {
    expect(() => new Preprocessor({ numeric: ['a'], categorical: ['a'] })).toThrow('both');
  });
});
