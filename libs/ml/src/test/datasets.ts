import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Row } from '../lib/core/types';

// Read straight from the installed package: its own loader downloads from a CDN.
function readVegaJson(file: string): Row[] {
  const dataDir = join(dirname(require.resolve('vega-datasets')), '..', 'data');
  return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as Row[];
}

export const PENGUIN_NUMERIC = [
  'Beak Length (mm)',
  'Beak Depth (mm)',
  'Flipper Length (mm)',
  'Body Mass (g)',
];
export const PENGUIN_CATEGORICAL = ['Island', 'Sex'];

/** All 344 penguins, raw (nulls and the '.' Sex kept). */
export function loadPenguins(): Row[] {
  return readVegaJson('penguins.json');
}

export const CARS_NUMERIC = [
  'Cylinders',
  'Displacement',
  'Horsepower',
  'Weight_in_lbs',
  'Acceleration',
  'Year',
];
export const CARS_CATEGORICAL = ['Origin'];

/** All 406 cars, raw. */
export function loadRawCars(): Row[] {
  return readVegaJson('cars.json');
}

/** Cars with a known Miles_per_Gallon (398 of 406), `Year` turned from '1970-01-01' into 1970. */
export function loadCars(): { rows: Row[]; mpg: number[] } {
  const rows = loadRawCars()
    .filter((row) => typeof row['Miles_per_Gallon'] === 'number')
    .map((row): Row => ({ ...row, Year: Number(String(row['Year']).slice(0, 4)) }));
  return { rows, mpg: rows.map((row) => row['Miles_per_Gallon'] as number) };
}

export function pick<T>(values: readonly T[], indices: ArrayLike<number>): T[] {
  return Array.from(indices, (i) => {
    if (i >= values.length) throw new RangeError(`pick: index ${i} out of ${values.length}`);
    return values[i] as T;
  });
}
