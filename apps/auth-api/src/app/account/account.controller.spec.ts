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
import { ReauthService } from '../reauth/reauth.service';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { EmailChangeService } from './email-change.service';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

const TOKEN = 't'.repeat(43);
const PASSWORD = 'correct-horse-battery-staple';
const NEW_PASSWORD = 'another-horse-battery-staple';
const ACCEPTED = { message: 'If an account exists for this email, a message is on its way.' };

describe(AccountController.name, () => {
  let sut: ControllerHarness;
  let account: jest.Mocked<AccountService>;
  let verification: jest.Mocked<EmailVerificationService>;
  let reset: jest.Mocked<PasswordResetService>;
  let emailChange: jest.Mocked<EmailChangeService>;
  let reauth: jest.Mocked<ReauthService>;

  beforeAll(async () => {
    sut = await createControllerHarness(AccountController, {
      mocks: [AccountService, EmailVerificationService, PasswordResetService, EmailChangeService],
    });
    account = sut.mock(AccountService);
    verification = sut.mock(EmailVerificationService);
    reset = sut.mock(PasswordResetService);
    emailChange = sut.mock(EmailChangeService);
    reauth = sut.mock(ReauthService);
  });
  afterAll(() => sut.close());
  beforeEach(() => {
    jest.clearAllMocks();
    reauth.isRecent.mockResolvedValue(true);
  });

  const services = () => [account, verification, reset, emailChange];

  it.each([
    {
      url: '/auth/verify-email',
      payload: { token: TOKEN },
      method: () => verification.verify,
      args: [TOKEN, CLIENT],
      status: 200,
    },
    {
      url: '/auth/resend-verification',
      payload: { email: ' Ada@Example.com ' },
      method: () => verification.resend,
      args: ['ada@example.com', CLIENT],
      status: 202,
      body: ACCEPTED,
    },
    {
      url: '/auth/forgot-password',
      payload: { email: 'ADA@EXAMPLE.COM' },
      method: () => reset.request,
      args: ['ada@example.com', CLIENT],
      status: 202,
      body: ACCEPTED,
    },
    {
      url: '/auth/reset-password',
      payload: { token: TOKEN, password: ` ${NEW_PASSWORD} ` },
      method: () => reset.reset,
      // A password is taken as typed: never trimmed.
      args: [TOKEN, ` ${NEW_PASSWORD} `, CLIENT],
      status: 204,
    },
    {
      url: '/auth/confirm-email-change',
      payload: { token: TOKEN },
      method: () => emailChange.confirm,
      args: [TOKEN, CLIENT],
      status: 204,
    },
  ])('public $url hands the service what the client sent', async (row) => {
    row.method().mockReturnValue(Promise.resolve({ id: USER.id }) as never);
    const res = await sut.inject({
      method: 'POST',
      url: row.url,
      as: 'anonymous',
      payload: row.payload,
    });
    expect(res.status).toBe(row.status);
    if (row.body) expect(res.body).toEqual(row.body);
    expect(row.method()).toHaveBeenCalledWith(...row.args);
  });

  it.each([
    {
      verb: 'POST' as const,
      url: '/auth/change-password',
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      method: () => account.changePassword,
      args: [USER, PASSWORD, NEW_PASSWORD, CLIENT],
      status: 204,
    },
    {
      verb: 'POST' as const,
      url: '/auth/change-email',
      payload: { newEmail: ' New@Example.com' },
      method: () => emailChange.request,
      args: [USER, 'new@example.com', CLIENT],
      status: 202,
    },
    {
      verb: 'PATCH' as const,
      url: '/auth/me',
      payload: { firstName: ' Grace ', lastName: null },
      method: () => account.updateProfile,
      args: [USER, { firstName: 'Grace', lastName: null }, CLIENT],
      status: 200,
    },
  ])('$verb $url hands the service the caller and the input', async (row) => {
    row.method().mockResolvedValue((row.status === 204 ? undefined : ACCEPTED) as never);
    const res = await sut.inject({ method: row.verb, url: row.url, payload: row.payload });
    expect(res.status).toBe(row.status);
    expect(row.method()).toHaveBeenCalledWith(...row.args);

    const anonymous = await sut.inject({
      method: row.verb,
      url: row.url,
      as: 'anonymous',
      payload: row.payload,
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(refusal(401, 'UNAUTHENTICATED'));
  });

  it.each([
    ['POST', '/auth/verify-email', { token: 'short' }, ['token']],
    ['POST', '/auth/resend-verification', { email: 'not-an-email' }, ['email']],
    ['POST', '/auth/forgot-password', { email: 'ada@example.com', admin: true }, ['admin']],
    ['POST', '/auth/reset-password', { token: TOKEN, password: 'short' }, ['password']],
    [
      'POST',
      '/auth/change-password',
      { currentPassword: '', newPassword: NEW_PASSWORD },
      ['currentPassword'],
    ],
    ['POST', '/auth/change-email', { newEmail: 'nope' }, ['newEmail']],
    ['POST', '/auth/confirm-email-change', {}, ['token']],
    ['PATCH', '/auth/me', { email: 'root@example.com' }, ['email']],
    ['PATCH', '/auth/me', { firstName: 'x'.repeat(101) }, ['firstName']],
  ] as const)(
    '%s %s refuses an invalid body with the fields',
    async (method, url, payload, fields) => {
      const res = await sut.inject({ method, url, payload });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid(...fields));
      expect(calledMethods(...services())).toEqual([]);
    },
  );

  describe('change-email, a sensitive route', () => {
    it('is refused without a recent sign-in or a proof', async () => {
      reauth.isRecent.mockResolvedValue(false);
      const res = await sut.inject({
        method: 'POST',
        url: '/auth/change-email',
        payload: { newEmail: 'new@example.com' },
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(refusal(403, 'REAUTHENTICATION_REQUIRED'));
      expect(emailChange.request).not.toHaveBeenCalled();
    });

    it('checks a proof in the body, then hands the service only the address', async () => {
      reauth.isRecent.mockResolvedValue(false);
      emailChange.request.mockResolvedValue(ACCEPTED);
      const res = await sut.inject({
        method: 'POST',
        url: '/auth/change-email',
        payload: { newEmail: 'new@example.com', currentPassword: PASSWORD },
      });
      expect(res.status).toBe(202);
      expect(reauth.reauthenticate).toHaveBeenCalledWith(USER, { password: PASSWORD }, CLIENT);
      expect(emailChange.request).toHaveBeenCalledWith(USER, 'new@example.com', CLIENT);
    });
  });

  it('maps a service refusal through the filter', async () => {
    emailChange.request.mockRejectedValue(
      new DomainError(DomainErrorCode.EmailTaken, 'this email is already registered'),
    );
    const res = await sut.inject({
      method: 'POST',
      url: '/auth/change-email',
      payload: { newEmail: 'taken@example.com' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(refusal(409, 'EMAIL_TAKEN'));
  });
});

describe(`${AccountController.name} request limits`, () => {
  let sut: ControllerHarness;

  beforeAll(async () => {
    sut = await createControllerHarness(AccountController, {
      mocks: [AccountService, EmailVerificationService, PasswordResetService, EmailChangeService],
      config: { RATE_LIMIT_MAIL_REQUEST_MAX: 1 },
    });
  });
  afterAll(() => sut.close());

  it('answers a second mail request 429 with Retry-After, before the service', async () => {
    const request = { method: 'POST', url: '/auth/forgot-password', as: 'anonymous' } as const;
    const first = await sut.inject({ ...request, payload: { email: 'ada@example.com' } });
    expect(first.status).toBe(202);
    const second = await sut.inject({ ...request, payload: { email: 'bob@example.com' } });
    expect(second.status).toBe(429);
    expect(second.body).toEqual(refusal(429, 'TOO_MANY_REQUESTS'));
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    expect(sut.mock(PasswordResetService).request).toHaveBeenCalledTimes(1);
  });
});
