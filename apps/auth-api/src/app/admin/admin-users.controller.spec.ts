import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  ADMIN,
  calledMethods,
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  UNKNOWN_ID,
  USER,
} from '../../../test/support/controller-harness';
import { AccessDenialsService } from '../audit/access-denials.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

const ID = USER.id;

/** Every route, with a valid request and what the service must receive. */
const ROUTES = [
  {
    verb: 'GET',
    url: '/users?q=%20Ada%20&page=2&limit=5',
    method: 'list',
    args: [{ q: 'Ada', page: 2, limit: 5 }],
    status: 200,
  },
  { verb: 'GET', url: '/users', method: 'list', args: [{ page: 1, limit: 20 }], status: 200 },
  { verb: 'GET', url: '/users/stats', method: 'stats', args: [], status: 200 },
  { verb: 'GET', url: `/users/${ID}`, method: 'get', args: [ID], status: 200 },
  {
    verb: 'PATCH',
    url: `/users/${ID}`,
    payload: { isActive: false, lastName: ' Byron ' },
    method: 'update',
    args: [ADMIN.id, ID, { isActive: false, lastName: 'Byron' }, CLIENT],
    status: 200,
  },
  {
    verb: 'PUT',
    url: `/users/${ID}/roles`,
    payload: { roles: ['user', 'admin'] },
    method: 'setRoles',
    args: [ADMIN.id, ID, ['user', 'admin'], CLIENT],
    status: 200,
  },
  {
    verb: 'DELETE',
    url: `/users/${ID}`,
    method: 'remove',
    args: [ADMIN.id, ID, CLIENT],
    status: 204,
  },
] as const;

describe(AdminUsersController.name, () => {
  let sut: ControllerHarness;
  let admin: jest.Mocked<AdminUsersService>;

  beforeAll(async () => {
    sut = await createControllerHarness(AdminUsersController, { mocks: [AdminUsersService] });
    admin = sut.mock(AdminUsersService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it.each(ROUTES)('$verb $url hands the service its input', async (route) => {
    const method = admin[route.method] as jest.Mock;
    method.mockResolvedValue(route.status === 204 ? undefined : { ok: true });
    const res = await sut.inject({
      method: route.verb,
      url: route.url,
      as: 'admin',
      payload: 'payload' in route ? route.payload : undefined,
    });
    expect(res.status).toBe(route.status);
    expect(method).toHaveBeenCalledWith(...route.args);
  });

  it.each(ROUTES)(
    '$verb $url is 401 without a token, 403 without the permission',
    async (route) => {
      const payload = 'payload' in route ? route.payload : undefined;
      const anonymous = await sut.inject({
        method: route.verb,
        url: route.url,
        as: 'anonymous',
        payload,
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(refusal(401, 'UNAUTHENTICATED'));

      const user = await sut.inject({ method: route.verb, url: route.url, as: 'user', payload });
      expect(user.status).toBe(403);
      expect(user.body).toEqual(refusal(403, 'FORBIDDEN'));
      expect(sut.mock(AccessDenialsService).record).toHaveBeenCalledTimes(1);
      expect(calledMethods(admin)).toEqual([]);
    },
  );

  it.each([
    ['GET', '/users?limit=0', undefined, ['limit']],
    ['GET', '/users?page=abc&sort=email', undefined, ['sort', 'page']],
    ['PATCH', `/users/${ID}`, { isActive: 'no', email: 'x@example.com' }, ['email', 'isActive']],
    ['PUT', `/users/${ID}/roles`, { roles: 'admin' }, ['roles']],
  ] as const)('%s %s refuses invalid input with the fields', async (verb, url, payload, fields) => {
    const res = await sut.inject({ method: verb, url, as: 'admin', payload });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(calledMethods(admin)).toEqual([]);
  });

  it.each([
    ['GET', '/users/not-a-uuid'],
    ['PATCH', '/users/not-a-uuid'],
    ['PUT', '/users/not-a-uuid/roles'],
    ['DELETE', '/users/not-a-uuid'],
  ] as const)('%s %s refuses an id that is no uuid v4', async (verb, url) => {
    const res = await sut.inject({
      method: verb,
      url,
      as: 'admin',
      payload: verb === 'PUT' ? { roles: ['user'] } : {},
    });
    expect(res.status).toBe(400);
    // Nest's ParseUUIDPipe wording ("v 4"), and no field list: unlike the body's 400s.
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed (uuid v 4 is expected)',
      traceId: expect.any(String),
    });
    expect(calledMethods(admin)).toEqual([]);
  });

  it.each([
    ['GET', `/users/${UNKNOWN_ID}`, 'get'],
    ['PATCH', `/users/${UNKNOWN_ID}`, 'update'],
    ['PUT', `/users/${UNKNOWN_ID}/roles`, 'setRoles'],
    ['DELETE', `/users/${UNKNOWN_ID}`, 'remove'],
  ] as const)('%s %s answers 404 when the service finds no user', async (verb, url, method) => {
    (admin[method] as jest.Mock).mockRejectedValue(
      new DomainError(DomainErrorCode.NotFound, 'user not found'),
    );
    const res = await sut.inject({
      method: verb,
      url,
      as: 'admin',
      payload: verb === 'PUT' ? { roles: ['user'] } : {},
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'user not found',
      traceId: expect.any(String),
    });
  });
});

describe(`${AdminUsersController.name} under REQUIRE_ADMIN_MFA`, () => {
  let sut: ControllerHarness;

  beforeAll(async () => {
    sut = await createControllerHarness(AdminUsersController, {
      mocks: [AdminUsersService],
      config: { adminMfaRequired: true },
    });
  });
  afterAll(() => sut.close());

  it('refuses an admin without 2FA', async () => {
    const res = await sut.inject({ method: 'GET', url: '/users', as: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(refusal(403, 'MFA_REQUIRED'));
    expect(sut.mock(AdminUsersService).list).not.toHaveBeenCalled();
  });
});
