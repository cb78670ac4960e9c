import { fromSqlDate, toSqlDate, toSqliteDate } from './sql-dates';

describe('sql-dates', () => {
  const instant = new Date('2026-11-26T03:04:05.678Z');

  it('reads SQLite UTC text and PostgreSQL dates as the same instant', () => {
    expect(fromSqlDate('2026-11-26 03:04:05.678')).toEqual(instant);
    expect(fromSqlDate('2026-11-26T03:04:05.678Z')).toEqual(instant);
    expect(fromSqlDate(instant)).toBe(instant);
    expect(fromSqlDate(null)).toBeNull();
    expect(fromSqlDate(undefined)).toBeNull();
  });

  it('writes SQLite text as TypeORM does and hands PostgreSQL the Date', () => {
    expect(toSqliteDate(instant)).toBe('2026-11-26 03:04:05.678');
    expect(toSqlDate('sqlite', instant)).toBe('2026-11-26 03:04:05.678');
    expect(toSqlDate('postgres', instant)).toBe(instant);
    expect(fromSqlDate(toSqliteDate(instant))).toEqual(instant);
  });
});
