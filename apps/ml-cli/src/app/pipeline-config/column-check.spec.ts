import { ConfigError } from '@gatehouse/env-config';
import { type ColumnSchema } from '../artifacts/table-schema';
import { checkDataColumns, checkFeatureColumns } from './column-check';
import { parsePipelineConfig } from './load-pipeline-config';

const columns: ColumnSchema[] = [
  { name: 'Species', type: 'string' },
  { name: 'Island', type: 'string' },
  { name: 'Mass', type: 'number', integer: false },
  { name: 'Rings', type: 'number', integer: true },
];
const examples = { Species: 'Adelie', Island: 'Dream', Mass: 3.5, Rings: 7 };

function problems(check: () => void): string[] {
  try {
    check();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const config = (overrides: Record<string, unknown>) =>
  parsePipelineConfig({
    task: 'classification',
    data: { source: { format: 'csv', path: 'x.csv' }, target: 'Species' },
    ...overrides,
  });

describe(checkDataColumns.name, () => {
  const check = (c: ReturnType<typeof config>) => () =>
    checkDataColumns(c, columns, examples, 'ml.config.yaml');

  it('accepts a config that fits the data', () => {
    expect(problems(check(config({})))).toEqual([]);
    expect(
      problems(check(config({ data: { source: { format: 'csv', path: 'x' }, target: 'Rings' } }))),
    ).toEqual([]);
  });

  it('names an unknown target, with a suggestion and the columns there are', () => {
    expect(
      problems(
        check(
          config({
            data: {
              source: { format: 'csv', path: 'x' },
              target: 'Specie',
              columnTypes: { Mas: 'number' },
            },
          }),
        ),
      ),
    ).toEqual([
      'data.target: unknown column "Specie" (did you mean "Species"? columns: Species, Island, Mass, Rings)',
      'data.columnTypes: unknown column "Mas" (did you mean "Mass"? columns: Species, Island, Mass, Rings)',
    ]);
  });

  it('says when the target does not suit the task', () => {
    expect(problems(check(config({ task: 'regression', model: { type: 'ridge' } })))).toEqual([
      'task: regression needs a numeric target, but "Species" holds text (e.g. "Adelie"); use task: classification',
    ]);
    expect(
      problems(check(config({ data: { source: { format: 'csv', path: 'x' }, target: 'Mass' } }))),
    ).toEqual([
      'task: classification needs class labels, but "Mass" holds continuous numbers (e.g. 3.5); use task: regression',
    ]);
  });
});

describe(checkFeatureColumns.name, () => {
  it('names unknown feature columns and text listed as numeric', () => {
    const c = config({ features: { numeric: ['Island', 'Weight'], categorical: ['Islnd'] } });
    expect(problems(() => checkFeatureColumns(c, columns, examples, 'ml.config.yaml'))).toEqual([
      'features.numeric: unknown column "Weight" (columns: Species, Island, Mass, Rings)',
      'features.categorical: unknown column "Islnd" (did you mean "Island"? columns: Species, Island, Mass, Rings)',
      'features.numeric: "Island" holds text (e.g. "Dream"); list it under categorical',
    ]);
  });
});
