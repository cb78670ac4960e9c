import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at } from '../../test/at';
import { VEGA_DATA } from '../../test/pipeline-workspace';
import { finishCleaning, inferColumnType, typeTable } from './table-cleaner';

const vega = (file: string) =>
  JSON.parse(readFileSync(join(VEGA_DATA, file), 'utf8')) as Record<string, unknown>[];
const columnsOf = (rows: Record<string, unknown>[]) => Object.keys(at(rows, 0));

describe(typeTable.name, () => {
  it('trims text, turns missing markers into null and infers number, date and string columns', () => {
    const raw = [
      { id: ' 1 ', when: '1970-01-01', size: '2.5', name: ' a ', flag: true },
      { id: '2', when: '1970-07-02', size: 'NA', name: '.', flag: false },
      { id: '3', when: '', size: ' 1e3 ', name: 'b', flag: null },
    ];
    const sut = typeTable(raw, columnsOf(raw), { missingValues: ['', 'NA', '.'] });
    expect(sut.columns).toEqual([
      { name: 'id', type: 'number', integer: true },
      { name: 'when', type: 'date' },
      { name: 'size', type: 'number', integer: false },
      { name: 'name', type: 'string' },
      { name: 'flag', type: 'string' },
    ]);
    expect(sut.rows[0]).toEqual({ id: 1, when: 1970, size: 2.5, name: 'a', flag: 'true' });
    expect(sut.rows[1]).toEqual({
      id: 2,
      when: expect.closeTo(1970.5, 2),
      size: null,
      name: null,
      flag: 'false',
    });
    expect(sut.rows[2]).toMatchObject({ when: null, size: 1000, flag: null });
    expect(sut.missingIn).toEqual({ id: 0, when: 1, size: 1, name: 1, flag: 1 });
  });

  it('honours a type override and counts the values that do not fit it', () => {
    const raw = [
      { zip: '01234', x: '5' },
      { zip: 'n/a', x: 'five' },
    ];
    const sut = typeTable(raw, ['zip', 'x'], {
      missingValues: [],
      columnTypes: { zip: 'string', x: 'number' },
    });
    expect(sut.rows.map((r) => r['zip'])).toEqual(['01234', 'n/a']);
    expect(sut.rows.map((r) => r['x'])).toEqual([5, null]);
    expect(sut.coercedToMissing).toEqual({ x: 1 });
  });

  it('treats a column that is all missing as text', () => {
    expect(inferColumnType([null, null])).toBe('string');
  });
});

describe(finishCleaning.name, () => {
  it('drops rows without a target and exact duplicates, counting each', () => {
    const raw = [
      { a: 1, y: 'p' },
      { a: 1, y: 'p' },
      { a: 2, y: null },
      { a: 3, y: ' ' },
      { a: 4, y: 'q' },
    ];
    const typed = typeTable(raw, ['a', 'y'], { missingValues: [''] });
    const sut = finishCleaning(typed, { target: 'y', missingValues: [''], dropDuplicates: true });
    expect(sut.rows).toEqual([
      { a: 1, y: 'p' },
      { a: 4, y: 'q' },
    ]);
    expect([sut.droppedMissingTarget, sut.droppedDuplicates]).toEqual([2, 1]);
    expect(sut.profile[0]).toMatchObject({
      name: 'a',
      missing: 0,
      distinct: 2,
      min: 1,
      max: 4,
      mean: 2.5,
    });
    const keepDuplicates = finishCleaning(typed, {
      target: 'y',
      missingValues: [''],
      dropDuplicates: false,
    });
    expect(keepDuplicates.rows).toHaveLength(3);
  });

  describe('the data quirks of the reference datasets', () => {
    const penguins = vega('penguins.json');
    const typedPenguins = typeTable(penguins, columnsOf(penguins), { missingValues: ['', '.'] });

    it('penguins: two rows with all four numerics null, Sex null in 10 rows and "." in one', () => {
      const numerics = [
        'Beak Length (mm)',
        'Beak Depth (mm)',
        'Flipper Length (mm)',
        'Body Mass (g)',
      ];
      const allNull = typedPenguins.rows.filter((r) => numerics.every((c) => r[c] === null));
      expect(allNull).toHaveLength(2);
      expect(penguins.filter((r) => r['Sex'] === null)).toHaveLength(10);
      expect(penguins.filter((r) => r['Sex'] === '.')).toHaveLength(1);
      expect(typedPenguins.missingIn['Sex']).toBe(11);
      expect(new Set(typedPenguins.rows.map((r) => r['Sex']))).toEqual(
        new Set(['MALE', 'FEMALE', null]),
      );
    });

    it('penguins → Sex keeps 333 rows: the 10 null and the "." are dropped as missing targets', () => {
      const sut = finishCleaning(typedPenguins, {
        target: 'Sex',
        missingValues: ['', '.'],
        dropDuplicates: true,
      });
      expect(sut.rows).toHaveLength(333);
      expect(sut.droppedMissingTarget).toBe(11);
    });

    it('cars: 8 null targets dropped, 6 null Horsepower kept, Year a date string read as a year', () => {
      const cars = vega('cars.json');
      const typed = typeTable(cars, columnsOf(cars), { missingValues: [''] });
      const sut = finishCleaning(typed, {
        target: 'Miles_per_Gallon',
        missingValues: [''],
        dropDuplicates: true,
      });
      expect(at(cars, 0)['Year']).toBe('1970-01-01');
      expect(typed.columns.find((c) => c.name === 'Year')?.type).toBe('date');
      expect(at(sut.rows, 0)['Year']).toBe(1970);
      expect([sut.rows.length, sut.droppedMissingTarget]).toEqual([398, 8]);
      expect(sut.profile.find((c) => c.name === 'Horsepower')?.missing).toBe(6);
    });
  });
});
