import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import {
  calledMethods,
  CLIENT,
  type ControllerHarness,
  createControllerHarness,
  invalid,
  refusal,
  USER,
} from '../../../test/support/controller-harness';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginService } from './login.service';

const PASSWORD = 'correct-horse-battery-staple';
const REFRESH = 'r'.repeat(43);
const MFA_TOKEN = 'm'.repeat(43);

describe(AuthController.name, () => {
  let sut: ControllerHarness;
  let auth: jest.Mocked<AuthService>;
  let logins: jest.Mocked<LoginService>;

  beforeAll(async () => {
    sut = await createControllerHarness(AuthController, { mocks: [AuthService, LoginService] });
    auth = sut.mock(AuthService);
    logins = sut.mock(LoginService);
  });
  afterAll(() => sut.close());
  beforeEach(() => jest.clearAllMocks());

  it('registers with the email trimmed and lower-cased and the names trimmed', async () => {
    auth.register.mockResolvedValue({ id: USER.id } as never);
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/register',
      as: 'anonymous',
      payload: { email: '  Ada@Example.COM ', password: PASSWORD, firstName: ' Ada ' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: USER.id });
    expect(auth.register).toHaveBeenCalledWith(
      { email: 'ada@example.com', password: PASSWORD, firstName: 'Ada' },
      CLIENT,
    );
  });

  it.each([
    [
      'login',
      '/auth/login',
      { email: ' ADA@example.com', password: PASSWORD },
      () => logins.login,
      [{ email: 'ada@example.com', password: PASSWORD }, CLIENT],
    ],
    [
      'login/mfa',
      '/auth/login/mfa',
      { mfa_token: MFA_TOKEN, code: '123 456' },
      () => logins.loginWithMfa,
      [{ mfa_token: MFA_TOKEN, code: '123456' }, CLIENT],
    ],
    ['refresh', '/auth/refresh', { refresh_token: REFRESH }, () => auth.refresh, [REFRESH, CLIENT]],
  ])('%s hands the service what the client sent', async (_, url, payload, method, args) => {
    method().mockResolvedValue({ access_token: 'a' } as never);
    const res = await sut.inject({ method: 'POST', url, as: 'anonymous', payload });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(method()).toHaveBeenCalledWith(...args);
  });

  it('logs out the session of a refresh token', async () => {
    auth.logout.mockResolvedValue();
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/logout',
      as: 'anonymous',
      payload: { refresh_token: REFRESH },
    });
    expect(res.status).toBe(204);
    expect(auth.logout).toHaveBeenCalledWith(REFRESH, CLIENT);
  });

  // Since the sign-in methods joined the answer (issue 14), /me asks the service for them.
  it('answers /me for the principal of the token, through the service', async () => {
    auth.me.mockImplementation(({ id, email, roles }) =>
      Promise.resolve({ id, email, roles } as Awaited<ReturnType<AuthService['me']>>),
    );
    const res = await sut.inject({ method: 'GET', url: '/auth/me' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: USER.id, email: USER.email, roles: ['user'] });
    expect(auth.me).toHaveBeenCalledWith(expect.objectContaining({ id: USER.id }));
  });

  it('ends every session of the caller', async () => {
    auth.logoutAll.mockResolvedValue();
    const res = await sut.inject({ method: 'POST', url: '/auth/logout-all' });
    expect(res.status).toBe(204);
    expect(auth.logoutAll).toHaveBeenCalledWith(USER.id, CLIENT);
  });

  it.each([
    [
      '/auth/register',
      { email: 'nope', password: 'short', role: 'admin' },
      ['role', 'email', 'password'],
    ],
    ['/auth/login', {}, ['email', 'password']],
    ['/auth/login/mfa', { mfa_token: 'x', code: '12' }, ['mfa_token', 'code']],
    ['/auth/refresh', { refresh_token: 7 }, ['refresh_token']],
    ['/auth/logout', undefined, ['refresh_token']],
  ])('refuses an invalid body on %s with the fields', async (url, payload, fields) => {
    const res = await sut.inject({ method: 'POST', url, as: 'anonymous', payload });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalid(...fields));
    expect(calledMethods(auth, logins)).toEqual([]);
  });

  it.each([
    ['GET', '/auth/me'],
    ['POST', '/auth/logout-all'],
  ] as const)('%s %s needs a valid bearer token', async (method, url) => {
    for (const [as, challenge] of [
      ['anonymous', 'Bearer'],
      ['bad-token', 'Bearer error="invalid_token"'],
    ] as const) {
      const res = await sut.inject({ method, url, as });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
      expect(res.headers['www-authenticate']).toBe(challenge);
    }
    expect(auth.logoutAll).not.toHaveBeenCalled();
  });

  it('maps a service refusal through the filter', async () => {
    auth.refresh.mockRejectedValue(
      new DomainError(DomainErrorCode.InvalidRefreshToken, 'refresh token is invalid'),
    );
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/refresh',
      as: 'anonymous',
      payload: { refresh_token: REFRESH },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(refusal(401, 'INVALID_REFRESH_TOKEN'));
  });

  it('answers an unknown route with the 404 shape', async () => {
    const res = await sut.inject({ method: 'GET', url: '/auth/nowhere', as: 'anonymous' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
