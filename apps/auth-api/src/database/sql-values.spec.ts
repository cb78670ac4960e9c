import { isSet, rolesOf, rowsByKeyIndex, sqlBoolean, toPostgresPlaceholders } from './sql-values';

describe('sql-values', () => {
  it('reads SQLite 0/1 and PostgreSQL booleans', () => {
    expect([1, '1', true, 't', 'true'].map(sqlBoolean)).toEqual([true, true, true, true, true]);
    expect([0, '0', false, 'f', null, undefined].map(sqlBoolean)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('numbers ? placeholders for PostgreSQL in order', () => {
    expect(toPostgresPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
  });

  it('collects role names from a LEFT JOIN, none for a user without roles', () => {
    expect(rolesOf([{ role: 'admin' }, { role: 'user' }])).toEqual(['admin', 'user']);
    expect(rolesOf([{ role: null }])).toEqual([]);
  });

  it('groups batched rows by the lookup they answer, none for a lookup without rows', () => {
    const rows = [
      { key_index: 2, role: 'user' },
      { key_index: 0, role: 'admin' },
      { key_index: 2, role: 'admin' },
    ];
    expect(rowsByKeyIndex(rows, 3)).toEqual([[rows[1]], [], [rows[0], rows[2]]]);
  });

  it('tells a set nullable column from NULL', () => {
    expect(isSet('2026-11-26 03:04:05.678')).toBe(true);
    expect(isSet(0)).toBe(true);
    expect(isSet(null)).toBe(false);
    expect(isSet(undefined)).toBe(false);
  });
});
