import { AuthApiError, isTokenRejected } from './auth-api.errors';

const refusal = (status: number, code?: string) =>
  new AuthApiError(status, { statusCode: status, error: 'x', message: 'x', traceId: 't', code });

describe(isTokenRejected.name, () => {
  it('takes a bare 401 as a refused token', () => {
    expect(isTokenRejected(refusal(401, 'UNAUTHENTICATED'))).toBe(true);
  });

  it.each([
    'INVALID_CREDENTIALS',
    'WRONG_PASSWORD',
    'PASSKEY_NOT_VERIFIED',
    'PASSKEY_COUNTER_REGRESSED',
  ])(
    'does not take a refused credential (%s) for a refused token: no refresh, no sign-out',
    (code) => {
      expect(isTokenRejected(refusal(401, code))).toBe(false);
    },
  );
});
