import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { penguinsConfig, PipelineWorkspace } from '../../test/pipeline-workspace';
import { StageError } from '../common/stage.error';
import { DatasetService } from './dataset.service';
import { redactUrl } from './sql-reader';

const base = {
  task: 'classification',
  features: {},
  model: { type: 'logistic_regression' },
  cv: { folds: 0 },
};

describe(DatasetService.name, () => {
  let sut: PipelineWorkspace;
  afterEach(() => sut.close());

  it('reads a CSV source, cleaning as configured, and profiles it', async () => {
    sut = await PipelineWorkspace.create({
      ...base,
      data: {
        source: { format: 'csv', path: 'in/table.csv', delimiter: ';' },
        target: 'label',
        missingValues: ['?'],
      },
    });
    mkdirSync(sut.path('in'), { recursive: true });
    writeFileSync(
      sut.path('in/table.csv'),
      'x;colour;label\n1; red ;a\n?;blue;b\n1; red ;a\n3;green;\n',
    );
    await expect(sut.dataset()).resolves.toMatchObject({
      rowsIn: 4,
      rowsOut: 2,
      droppedDuplicates: 1,
      droppedMissingTarget: 1,
    });
    const dataset = sut.json<{ rows: unknown[]; columns: unknown[] }>(
      'data/processed/dataset.json',
    );
    expect(dataset.rows).toEqual([
      { x: 1, colour: 'red', label: 'a' },
      { x: null, colour: 'blue', label: 'b' },
    ]);
    expect(dataset.columns).toEqual([
      { name: 'x', type: 'number', integer: true },
      { name: 'colour', type: 'string' },
      { name: 'label', type: 'string' },
    ]);
    const profile = sut.json<{ source: Record<string, string>; target: unknown }>(
      'data/processed/profile.json',
    );
    expect(profile.source).toMatchObject({
      format: 'csv',
      location: 'in/table.csv',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(profile.target).toEqual({ name: 'label', classes: { a: 1, b: 1 } });
  });

  it('reads a SQL query against a SQLite database', async () => {
    sut = await PipelineWorkspace.create({
      ...base,
      data: {
        source: {
          format: 'sql',
          url: 'app.sqlite',
          query: 'SELECT age, plan FROM users WHERE age > 18',
        },
        target: 'plan',
      },
    });
    const db = new Database(sut.path('app.sqlite'));
    db.exec(
      "CREATE TABLE users (age INTEGER, plan TEXT); INSERT INTO users VALUES (17, 'free'), (30, 'pro'), (41, NULL), (52, 'free');",
    );
    db.close();
    await expect(sut.dataset()).resolves.toMatchObject({
      rowsIn: 3,
      rowsOut: 2,
      droppedMissingTarget: 1,
    });
    expect(
      sut.json<{ source: { location: string } }>('data/processed/profile.json').source.location,
    ).toBe('app.sqlite: SELECT age, plan FROM users WHERE age > 18');
  });

  it('fails clearly on a missing source or import, or a statement that returns no rows', async () => {
    sut = await PipelineWorkspace.create({
      ...base,
      data: { source: { format: 'csv', path: 'nope.csv' }, target: 'y' },
    });
    await expect(sut.dataset()).rejects.toThrow(new StageError('nope.csv: file not found'));
    sut.writeConfig(
      penguinsConfig({
        data: {
          source: { format: 'json', path: 'data/raw/p.json', importFrom: 'missing.json' },
          target: 'Species',
        },
      }),
    );
    await expect(sut.dataset()).rejects.toThrow('data.source.importFrom: missing.json not found');
    new Database(sut.path('empty.sqlite')).close();
    sut.writeConfig({
      ...base,
      data: {
        source: { format: 'sql', url: 'empty.sqlite', query: 'CREATE TABLE t (a)' },
        target: 'a',
      },
    });
    await expect(sut.dataset()).rejects.toThrow('data.source.query must return rows (SELECT …)');
  });

  it('never shows a database password', () => {
    expect(redactUrl('postgres://ml:s3cret@db:5432/app')).toBe('postgres://ml:***@db:5432/app');
  });
});
