import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  USER,
} from '../../../test/support/controller-harness';
import { ReauthController } from './reauth.controller';
import { ReauthService } from './reauth.service';

const PASSWORD = 'correct-horse-battery-staple';

describe(ReauthController.name, () => {
  let sut: ControllerHarness;
  let reauth: jest.Mocked<ReauthService>;

  beforeAll(async () => {
    sut = await createControllerHarness(ReauthController, { mocks: [ReauthService] });
    reauth = sut.mock(ReauthService);
  });
  afterAll(() => sut.close());
  beforeEach(() => {
    jest.clearAllMocks();
    reauth.reauthenticate.mockResolvedValue();
  });

  it.each([
    [{ password: ` ${PASSWORD}` }, { password: ` ${PASSWORD}` }],
    [{ code: '123 456' }, { code: '123456' }],
    [{ code: 'k3jd9-2mxqa' }, { code: 'k3jd9-2mxqa' }],
  ])('hands the service the proof %j as %j', async (payload, proof) => {
    const res = await sut.inject({ method: 'POST', url: '/auth/reauthenticate', payload });
    expect(res.status).toBe(204);
    expect(reauth.reauthenticate).toHaveBeenCalledWith(USER, proof, CLIENT);
  });

  it.each([
    [{}, ['password', 'code']],
    [{ password: '' }, ['password']],
    [{ code: '12345' }, ['code']],
    [{ password: PASSWORD, remember: true }, ['remember']],
  ])('refuses %j with the fields', async (payload, fields) => {
    const res = await sut.inject({ method: 'POST', url: '/auth/reauthenticate', payload });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(reauth.reauthenticate).not.toHaveBeenCalled();
  });

  it('needs a bearer token', async () => {
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/reauthenticate',
      as: 'bad-token',
      payload: { password: PASSWORD },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
    expect(reauth.reauthenticate).not.toHaveBeenCalled();
  });

  it('answers a wrong password in the filter’s shape', async () => {
    reauth.reauthenticate.mockRejectedValue(
      new DomainError(DomainErrorCode.WrongPassword, 'the password is wrong'),
    );
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/reauthenticate',
      payload: { password: PASSWORD },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refusal(400, 'WRONG_PASSWORD'));
  });
});
