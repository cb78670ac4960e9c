import { getRepositoryToken } from '@nestjs/typeorm';
import {
  type ControllerHarness,
  createControllerHarness,
  refusal,
} from '../../../test/support/controller-harness';
import { RoleEntity } from '../users/role.entity';
import { RolesController } from './roles.controller';

describe(RolesController.name, () => {
  const roles = { find: jest.fn() };
  let sut: ControllerHarness;

  beforeAll(async () => {
    sut = await createControllerHarness(RolesController, {
      providers: [{ provide: getRepositoryToken(RoleEntity), useValue: roles }],
    });
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('lists the roles by name', async () => {
    roles.find.mockResolvedValue([{ id: 1, name: 'admin' }]);
    const res = await sut.inject({ method: 'GET', url: '/roles', as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: 1, name: 'admin' }]);
    expect(roles.find).toHaveBeenCalledWith({ order: { name: 'ASC' } });
  });

  it.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['user', 403, 'FORBIDDEN'],
  ] as const)('refuses %s with %i %s', async (as, status, code) => {
    const res = await sut.inject({ method: 'GET', url: '/roles', as });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(refusal(status, code));
    expect(roles.find).not.toHaveBeenCalled();
  });

  it('ignores a query, as no DTO binds one', async () => {
    roles.find.mockResolvedValue([]);
    const res = await sut.inject({ method: 'GET', url: '/roles?sort=desc', as: 'admin' });
    expect(res.status).toBe(200);
  });
});
