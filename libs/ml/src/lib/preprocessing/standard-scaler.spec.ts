import { roundTrip } from '../../test/round-trip';
import { matrixFromArrays, matrixToArrays } from '../core/feature-matrix';
import { StandardScaler } from './standard-scaler';

describe(StandardScaler.name, () => {
  it('centres and divides by the population std; a constant column keeps scale 1', () => {
    const x = matrixFromArrays([
      [1, 5],
      [3, 5],
      [5, 5],
    ]);
    const sut = new StandardScaler().fit(x);
    expect(Array.from(sut.mean)).toEqual([3, 5]);
    expect(sut.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(sut.scale[1]).toBe(1);
    expect(matrixToArrays(sut.transform(x)).map((r) => r[1])).toEqual([0, 0, 0]);
  });

  it('ignores NaN when fitting and passes it through', () => {
    const sut = new StandardScaler().fit(matrixFromArrays([[1], [Number.NaN], [3]]));
    expect(Array.from(sut.mean)).toEqual([2]);
    expect(Number.isNaN(sut.transform(matrixFromArrays([[Number.NaN]])).data[0])).toBe(true);
  });

  it('restores from JSON', () => {
    const x = matrixFromArrays([
      [1, 2],
      [4, 8],
      [9, 1],
    ]);
    const sut = new StandardScaler().fit(x);
    expect(StandardScaler.fromJSON(roundTrip(sut)).transform(x)).toEqual(sut.transform(x));
  });
});
