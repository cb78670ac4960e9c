import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  calledMethods,
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
} from '../../../test/support/controller-harness';
import { MfaEnrollmentController } from './mfa-enrollment.controller';
import { MfaEnrollmentService } from './mfa-enrollment.service';

const TOKEN = 'e'.repeat(43);
const URL = '/auth/login/mfa-enrollment';

describe(MfaEnrollmentController.name, () => {
  let sut: ControllerHarness;
  let enrollment: jest.Mocked<MfaEnrollmentService>;

  beforeAll(async () => {
    sut = await createControllerHarness(MfaEnrollmentController, { mocks: [MfaEnrollmentService] });
    enrollment = sut.mock(MfaEnrollmentService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it.each([
    ['setup', { enrollment_token: TOKEN }, () => enrollment.setup, [TOKEN]],
    [
      'enable',
      { enrollment_token: TOKEN, code: '123 456' },
      () => enrollment.enable,
      [TOKEN, '123456', CLIENT],
    ],
  ] as const)(
    '%s (public) hands the service what the client sent',
    async (path, payload, method, args) => {
      method().mockResolvedValue({} as never);
      const res = await sut.inject({
        method: 'POST',
        url: `${URL}/${path}`,
        as: 'anonymous',
        payload,
      });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(method()).toHaveBeenCalledWith(...args);
    },
  );

  it.each([
    ['setup', {}, ['enrollment_token']],
    ['setup', { enrollment_token: 'short' }, ['enrollment_token']],
    // Recovery codes do not exist yet: only a 6-digit code.
    ['enable', { enrollment_token: TOKEN, code: 'k3jd9-2mxqa' }, ['code']],
    ['enable', { enrollment_token: TOKEN, code: '123456', mfa_token: TOKEN }, ['mfa_token']],
  ] as const)('%s refuses %j with the fields', async (path, payload, fields) => {
    const res = await sut.inject({
      method: 'POST',
      url: `${URL}/${path}`,
      as: 'anonymous',
      payload,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(calledMethods(enrollment)).toEqual([]);
  });

  it('answers an unknown or used token 401 INVALID_CREDENTIALS', async () => {
    enrollment.setup.mockRejectedValue(
      new DomainError(DomainErrorCode.InvalidCredentials, 'sign in again'),
    );
    const res = await sut.inject({
      method: 'POST',
      url: `${URL}/setup`,
      as: 'anonymous',
      payload: { enrollment_token: TOKEN },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refusal(401, 'INVALID_CREDENTIALS'));
  });
});
