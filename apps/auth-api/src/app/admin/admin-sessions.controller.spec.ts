import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  ADMIN,
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  refusal,
  UNKNOWN_ID,
  USER,
} from '../../../test/support/controller-harness';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminSessionsService } from './admin-sessions.service';

describe(AdminSessionsController.name, () => {
  let sut: ControllerHarness;
  let adminSessions: jest.Mocked<AdminSessionsService>;

  beforeAll(async () => {
    sut = await createControllerHarness(AdminSessionsController, {
      mocks: [AdminSessionsService],
    });
    adminSessions = sut.mock(AdminSessionsService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('hands the service the admin, the user id and the client', async () => {
    adminSessions.endAll.mockResolvedValue({ ended: 2 });
    const res = await sut.inject({
      method: 'DELETE',
      url: `/users/${USER.id}/sessions`,
      as: 'admin',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    expect(adminSessions.endAll).toHaveBeenCalledWith(ADMIN.id, USER.id, CLIENT);
  });

  it.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['bad-token', 401, 'UNAUTHENTICATED'],
    ['user', 403, 'FORBIDDEN'],
  ] as const)('refuses %s with %i %s', async (as, status, code) => {
    const res = await sut.inject({ method: 'DELETE', url: `/users/${USER.id}/sessions`, as });
    expect(res.status).toBe(status);
    expect(res.body).toEqual(refusal(status, code));
    expect(adminSessions.endAll).not.toHaveBeenCalled();
  });

  it('refuses an id that is no uuid v4', async () => {
    const res = await sut.inject({ method: 'DELETE', url: '/users/42/sessions', as: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(adminSessions.endAll).not.toHaveBeenCalled();
  });

  it('answers 404 when the service finds no user', async () => {
    adminSessions.endAll.mockRejectedValue(
      new DomainError(DomainErrorCode.NotFound, 'user not found'),
    );
    const res = await sut.inject({
      method: 'DELETE',
      url: `/users/${UNKNOWN_ID}/sessions`,
      as: 'admin',
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(refusal(404, 'NOT_FOUND'));
  });
});
