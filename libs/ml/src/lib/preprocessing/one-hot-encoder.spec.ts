import { roundTrip } from '../../test/round-trip';
import { matrixToArrays } from '../core/feature-matrix';
import { OneHotEncoder } from './one-hot-encoder';

describe(OneHotEncoder.name, () => {
  const train = [
    { island: 'Dream', sex: 'MALE' },
    { island: 'Biscoe', sex: 'FEMALE' },
    { island: 'Dream', sex: null },
  ];

  it('encodes sorted training categories with prefixed names', () => {
    const sut = new OneHotEncoder({ columns: ['island', 'sex'] }).fit(train);
    expect(sut.featureNames).toEqual(['island_Biscoe', 'island_Dream', 'sex_FEMALE', 'sex_MALE']);
    expect(matrixToArrays(sut.transform(train))).toEqual([
      [0, 1, 0, 1],
      [1, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('encodes unknown and missing categories as all zeros (handle_unknown=ignore)', () => {
    const sut = new OneHotEncoder({ columns: ['island'], missingValues: ['.'] }).fit(train);
    expect(matrixToArrays(sut.transform([{ island: 'Torgersen' }, { island: '.' }, {}]))).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('treats numbers as category names', () => {
    const sut = new OneHotEncoder({ columns: ['cyl'] }).fit([{ cyl: 4 }, { cyl: 6 }]);
    expect(matrixToArrays(sut.transform([{ cyl: 6 }, { cyl: '4' }]))).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('restores from JSON', () => {
    const sut = new OneHotEncoder({ columns: ['island', 'sex'] }).fit(train);
    const restored = OneHotEncoder.fromJSON(roundTrip(sut));
    expect(restored.transform(train)).toEqual(sut.transform(train));
    expect(restored.featureNames).toEqual(sut.featureNames);
  });
});
