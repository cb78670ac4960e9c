import {
  calledMethods,
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  USER,
} from '../../../test/support/controller-harness';
import { ReauthService } from '../reauth/reauth.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';

const PASSWORD = 'correct-horse-battery-staple';
const CODES = ['k3jd9-2mxqa'];

describe(MfaController.name, () => {
  let sut: ControllerHarness;
  let mfa: jest.Mocked<MfaService>;
  let reauth: jest.Mocked<ReauthService>;

  beforeAll(async () => {
    sut = await createControllerHarness(MfaController, { mocks: [MfaService] });
    mfa = sut.mock(MfaService);
    reauth = sut.mock(ReauthService);
  });
  afterAll(() => sut.close());
  beforeEach(() => {
    jest.clearAllMocks();
    reauth.isRecent.mockResolvedValue(true);
    mfa.setup.mockResolvedValue({ secret: 'S' } as never);
    mfa.enable.mockResolvedValue(CODES);
    mfa.regenerateRecoveryCodes.mockResolvedValue(CODES);
    mfa.disable.mockResolvedValue();
  });

  it.each([
    ['setup', {}, () => mfa.setup, [USER], 200, { secret: 'S' }],
    [
      'enable',
      { code: ' 123 456 ' },
      () => mfa.enable,
      [USER, '123456', CLIENT],
      200,
      { recoveryCodes: CODES },
    ],
    [
      'recovery-codes',
      {},
      () => mfa.regenerateRecoveryCodes,
      [USER, CLIENT],
      200,
      { recoveryCodes: CODES },
    ],
    [
      'disable',
      { password: PASSWORD, code: '123456' },
      () => mfa.disable,
      [USER, PASSWORD, '123456', CLIENT],
      204,
      undefined,
    ],
  ] as const)(
    '%s hands the service the caller and the input',
    async (path, payload, method, args, status, body) => {
      const res = await sut.inject({ method: 'POST', url: `/auth/2fa/${path}`, payload });
      expect(res.status).toBe(status);
      expect(res.body).toEqual(body);
      expect(method()).toHaveBeenCalledWith(...args);

      const anonymous = await sut.inject({
        method: 'POST',
        url: `/auth/2fa/${path}`,
        as: 'anonymous',
        payload,
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
    },
  );

  it.each([
    ['setup', { extra: 1 }, ['extra']],
    ['setup', { currentPassword: '' }, ['currentPassword']],
    ['enable', { code: 'abc' }, ['code']],
    ['recovery-codes', { code: 7 }, ['code']],
    ['disable', {}, ['password', 'code']],
  ] as const)('%s refuses %j with the fields', async (path, payload, fields) => {
    const res = await sut.inject({ method: 'POST', url: `/auth/2fa/${path}`, payload });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(calledMethods(mfa)).toEqual([]);
  });

  describe('without a recent sign-in', () => {
    beforeEach(() => reauth.isRecent.mockResolvedValue(false));

    it.each([
      ['setup', {}],
      ['recovery-codes', {}],
      // The new secret's code proves nothing while 2FA is still off.
      ['enable', { code: '123456' }],
    ])('%s is 403 REAUTHENTICATION_REQUIRED without a proof', async (path, payload) => {
      const res = await sut.inject({ method: 'POST', url: `/auth/2fa/${path}`, payload });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(refusal(403, 'REAUTHENTICATION_REQUIRED'));
      expect(calledMethods(mfa)).toEqual([]);
    });

    it('setup checks a password proof, then runs', async () => {
      const res = await sut.inject({
        method: 'POST',
        url: '/auth/2fa/setup',
        payload: { currentPassword: PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(reauth.reauthenticate).toHaveBeenCalledWith(USER, { password: PASSWORD }, CLIENT);
      expect(mfa.setup).toHaveBeenCalledWith(USER);
    });

    it('disable carries its own proof and needs no recent sign-in', async () => {
      const res = await sut.inject({
        method: 'POST',
        url: '/auth/2fa/disable',
        payload: { password: PASSWORD, code: '123456' },
      });
      expect(res.status).toBe(204);
      expect(reauth.isRecent).not.toHaveBeenCalled();
    });
  });
});
