import { roundTrip } from '../../test/round-trip';
import { SimpleImputer } from './simple-imputer';

describe(SimpleImputer.name, () => {
  const rows = [
    { size: 1, colour: 'red' },
    { size: null, colour: 'blue' },
    { size: 10, colour: null },
    { size: Number.NaN, colour: 'blue' },
    { size: 4, colour: '.' },
  ];

  it('fills numeric gaps with the training median, ignoring null and NaN', () => {
    const sut = new SimpleImputer({ columns: ['size'], strategy: 'median' }).fit(rows);
    expect(sut.statistics).toEqual({ size: 4 });
    expect(sut.transform(rows).map((r) => r['size'])).toEqual([1, 4, 10, 4, 4]);
  });

  it('averages the middle pair for an even count, like numpy', () => {
    const sut = new SimpleImputer({ columns: ['size'], strategy: 'median' }).fit(
      rows.slice(0, 3).concat([{ size: 2, colour: 'x' }]),
    );
    expect(sut.statistics['size']).toBe(2);
  });

  it('fills categorical gaps with the most frequent value, treating extra tokens as missing', () => {
    const sut = new SimpleImputer({
      columns: ['colour'],
      strategy: 'most_frequent',
      missingValues: ['.'],
    }).fit(rows);
    expect(sut.statistics).toEqual({ colour: 'blue' });
    expect(sut.transform(rows).map((r) => r['colour'])).toEqual([
      'red',
      'blue',
      'blue',
      'blue',
      'blue',
    ]);
  });

  it('breaks most-frequent ties towards the smallest value, like scikit-learn', () => {
    const sut = new SimpleImputer({ columns: ['c'], strategy: 'most_frequent' }).fit([
      { c: 'b' },
      { c: 'a' },
      { c: 'b' },
      { c: 'a' },
    ]);
    expect(sut.statistics['c']).toBe('a');
  });

  it('leaves the input rows untouched', () => {
    const input = [{ size: null }];
    new SimpleImputer({ columns: ['size'], strategy: 'mean' }).fit([{ size: 2 }]).transform(input);
    expect(input).toEqual([{ size: null }]);
  });

  it('fails loudly on a column with nothing to learn from or text in a numeric column', () => {
    expect(() =>
      new SimpleImputer({ columns: ['size'], strategy: 'median' }).fit([{ size: null }]),
    ).toThrow('no values');
    expect(() =>
      new SimpleImputer({ columns: ['c'], strategy: 'median' }).fit([{ c: 'abc' }]),
    ).toThrow('numeric');
  });

  it('restores from JSON', () => {
    const sut = new SimpleImputer({ columns: ['size'], strategy: 'median' }).fit(rows);
    const restored = SimpleImputer.fromJSON(roundTrip(sut));
    expect(restored.transform(rows)).toEqual(sut.transform(rows));
  });
});
