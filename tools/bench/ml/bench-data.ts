import { type Row } from '@gatehouse/ml';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export { readCsvGz } from './read-csv-gz';

export const BENCH_DIR = '/work/shared/ml-bench';

// Straight from the installed package: vega-datasets' own loader downloads from a CDN.
function readVegaJson(file: string): Row[] {
  const dataDir = join(dirname(require.resolve('vega-datasets')), '..', 'data');
  return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as Row[];
}

export const PENGUINS = {
  numeric: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
  categorical: ['Island', 'Sex'],
  missingValues: ['.'],
};

/** Penguins with a known Species (all 344); nulls and the '.' Sex are left to the preprocessor. */
export function loadPenguins(): { rows: Row[]; species: string[] } {
  const rows = readVegaJson('penguins.json').filter((row) => row['Species'] !== null);
  return { rows, species: rows.map((row) => String(row['Species'])) };
}

export const CARS = {
  numeric: ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year'],
  categorical: ['Origin'],
};

/** Cars with a known Miles_per_Gallon (398), Year '1970-01-01' → 1970. */
export function loadCars(): { rows: Row[]; mpg: number[] } {
  const rows = readVegaJson('cars.json')
    .filter((row) => typeof row['Miles_per_Gallon'] === 'number')
    .map((row): Row => ({ ...row, Year: Number(String(row['Year']).slice(0, 4)) }));
  return { rows, mpg: rows.map((row) => Number(row['Miles_per_Gallon'])) };
}

export function pick<T>(values: readonly T[], indices: ArrayLike<number>): T[] {
  return Array.from(indices, (i) => {
    if (i >= values.length) throw new RangeError(`pick: index ${i} out of ${values.length}`);
    return values[i] as T;
  });
}
