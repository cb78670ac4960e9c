import {
  calledMethods,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  USER,
} from '../../../test/support/controller-harness';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';

describe(AuditController.name, () => {
  let sut: ControllerHarness;
  let audit: jest.Mocked<AuditQueryService>;

  beforeAll(async () => {
    sut = await createControllerHarness(AuditController, { mocks: [AuditQueryService] });
    audit = sut.mock(AuditQueryService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it.each([
    ['/audit-events', () => audit.list, { page: 1, limit: 20 }],
    [
      `/audit-events?userId=${USER.id}&type=login.failed&page=3&limit=50`,
      () => audit.list,
      { userId: USER.id, type: 'login.failed', page: 3, limit: 50 },
    ],
    ['/audit-events/daily', () => audit.daily, 30],
    ['/audit-events/daily?days=7', () => audit.daily, 7],
  ] as const)('GET %s hands the service the typed query', async (url, method, arg) => {
    method().mockResolvedValue({ items: [] } as never);
    const res = await sut.inject({ method: 'GET', url, as: 'admin' });
    expect(res.status).toBe(200);
    expect(method()).toHaveBeenCalledWith(arg);
  });

  it.each([
    ['/audit-events?userId=42', ['userId']],
    ['/audit-events?type=DROP%20TABLE', ['type']],
    ['/audit-events?limit=101&extra=1', ['extra', 'limit']],
    ['/audit-events/daily?days=0', ['days']],
    ['/audit-events/daily?days=367', ['days']],
  ])('GET %s refuses the query with the fields', async (url, fields) => {
    const res = await sut.inject({ method: 'GET', url, as: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(calledMethods(audit)).toEqual([]);
  });

  it.each(['/audit-events', '/audit-events/daily'])(
    '%s is 401 anonymous, 403 for a user',
    async (url) => {
      const anonymous = await sut.inject({ method: 'GET', url, as: 'anonymous' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
      const user = await sut.inject({ method: 'GET', url, as: 'user' });
      expect(user.status).toBe(403);
      expect(user.body).toEqual(refusal(403, 'FORBIDDEN'));
      expect(calledMethods(audit)).toEqual([]);
    },
  );
});
