import { DomainErrorCode } from '@gatehouse/domain';
import { DataSource } from 'typeorm';
import { at } from '../../../test/support/at';
import { buildDataSourceOptions } from '../../database/data-source';
import { assertAnotherActiveAdmin, roleIdsFor } from './admin-guards';

describe(assertAnotherActiveAdmin.name, () => {
  let sut: DataSource;
  const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];

  beforeEach(async () => {
    sut = await new DataSource(
      buildDataSourceOptions({ DATABASE_URL: ':memory:', DATABASE_POOL_SIZE: 1 }),
    ).initialize();
    await sut.runMigrations();
    for (const id of ids)
      await sut.query(
        'INSERT INTO users (id, email, email_key, password_hash) VALUES (?, ?, ?, ?)',
        [id, `${id}@x.io`, `${id}@x.io`, 'x'],
      );
    await sut.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [ids[0]],
    );
  });
  afterEach(() => sut.destroy());

  it('refuses to remove the only active admin', async () => {
    await expect(assertAnotherActiveAdmin(sut.manager, at(ids, 0))).rejects.toMatchObject({
      code: DomainErrorCode.LastAdmin,
    });
  });

  it('allows it when another active admin remains', async () => {
    await sut.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [ids[1]],
    );
    await expect(assertAnotherActiveAdmin(sut.manager, at(ids, 0))).resolves.toBeUndefined();
  });

  it('does not count an inactive admin as the remaining one', async () => {
    await sut.query(
      "INSERT INTO user_roles (user_id, role_id) SELECT ?, id FROM roles WHERE name = 'admin'",
      [ids[1]],
    );
    await sut.query('UPDATE users SET is_active = 0 WHERE id = ?', [ids[1]]);
    await expect(assertAnotherActiveAdmin(sut.manager, at(ids, 0))).rejects.toMatchObject({
      code: DomainErrorCode.LastAdmin,
    });
  });

  it('names unknown roles', async () => {
    await expect(roleIdsFor(sut.manager, ['user', 'owner'])).rejects.toMatchObject({
      code: DomainErrorCode.UnknownRole,
      message: 'unknown role: owner',
    });
  });

  it.each([[[]], [['admin']]])(
    'refuses the role set %j: every account keeps "user"',
    async (names) => {
      await expect(roleIdsFor(sut.manager, names)).rejects.toMatchObject({
        code: DomainErrorCode.UserRoleRequired,
      });
    },
  );

  it('gives the ids of exactly the roles named', async () => {
    const ids = await roleIdsFor(sut.manager, ['user']);
    const named = await sut.query<{ id: number }[]>("SELECT id FROM roles WHERE name = 'user'");
    expect(ids).toEqual(named.map((row) => row.id));
  });
});
