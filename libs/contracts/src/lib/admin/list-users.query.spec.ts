import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListUsersQuery } from './list-users.query';

describe(ListUsersQuery.name, () => {
  it('defaults to the first page of 20 and converts query strings to numbers', () => {
    expect(plainToInstance(ListUsersQuery, {})).toMatchObject({ page: 1, limit: 20 });
    const query = plainToInstance(ListUsersQuery, { page: '3', limit: '50', q: '  ada ' });
    expect(validateSync(query)).toEqual([]);
    expect(query).toMatchObject({ page: 3, limit: 50, q: 'ada' });
  });

  it.each([{ page: '0' }, { limit: '101' }, { limit: 'ten' }, { page: '1.5' }])(
    'refuses %j',
    (plain) => {
      expect(validateSync(plainToInstance(ListUsersQuery, plain))).not.toEqual([]);
    },
  );
});
