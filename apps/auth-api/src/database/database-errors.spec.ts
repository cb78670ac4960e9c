import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isUniqueViolation } from './database-errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    [
      'a PostgreSQL shutdown',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['too many connections', withCode('53300')],
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a broken connection', withCode('08006')],
    ['pg waiting for a connection', new Error('timeout exceeded when trying to connect')],
    ['pg waiting for an answer', new Error('Query read timeout')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['SQLite busy', withCode('SQLITE_BUSY', 'database is locked')],
    ['a full disk', withCode('SQLITE_FULL', 'database or disk is full')],
    ['a write error', withCode('SQLITE_IOERR_WRITE', 'disk I/O error')],
    [
      'a wrapped driver error',
      new QueryFailedError('SELECT 1', [], withCode('SQLITE_FULL', 'database or disk is full')),
    ],
  ])('knows %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a plain error', new Error('boom')],
    ['not an error', 'down'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('still tells unique violations', () => {
    expect(isUniqueViolation(withCode('23505'))).toBe(true);
  });
});
