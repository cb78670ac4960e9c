import { AuthApiError } from '../../auth-api/auth-api.errors';
import { resolveAssetPaths } from '../../config/asset-paths';
import { Translator } from '../../i18n/translator';
import { isRefusal, toFormErrors } from './api-errors';

const translator = Translator.load(resolveAssetPaths().locales);
const error = (
  status: number,
  code?: string,
  message = '',
  errors?: { field: string; messages: string[] }[],
  retryAfter?: number,
) =>
  new AuthApiError(
    status,
    { statusCode: status, error: 'x', message, traceId: 't', code, errors },
    retryAfter,
  );

describe(toFormErrors.name, () => {
  it('puts validation errors on their fields, translated', () => {
    const sut = toFormErrors(
      error(400, undefined, 'invalid', [
        { field: 'email', messages: ['email must be a valid email address'] },
        { field: 'password', messages: ['password must be longer than or equal to 8 characters'] },
      ]),
      translator,
      'fr',
    );
    expect(sut.errors).toEqual({
      email: ['Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'],
      password: ['Utilisez au moins 8 caractères.'],
    });
  });

  it('explains an email refused for an invisible character', () => {
    const sut = toFormErrors(
      error(400, undefined, 'invalid', [
        { field: 'email', messages: ['email must not contain invisible or control characters'] },
      ]),
      translator,
      'fr',
    );
    expect(sut.errors).toEqual({
      email: [
        'Cette adresse contient un caractère invisible ou de contrôle : saisissez-la de nouveau à la main.',
      ],
    });
  });

  it('puts known codes on their field, renamed for the form', () => {
    expect(
      toFormErrors(
        error(400, 'WEAK_PASSWORD', 'password is too common: it appears in lists'),
        translator,
        'en',
        { password: 'newPassword' },
      ).errors,
    ).toEqual({
      newPassword: ['This password appears in lists of breached passwords. Choose another one.'],
    });
    expect(toFormErrors(error(409, 'EMAIL_TAKEN'), translator, 'en').errors['email']).toHaveLength(
      1,
    );
    expect(
      toFormErrors(error(400, 'WRONG_MFA_CODE'), translator, 'en').errors['code'],
    ).toHaveLength(1);
  });

  it('turns other codes into a form message, and 429 into minutes to wait', () => {
    expect(toFormErrors(error(401, 'INVALID_CREDENTIALS'), translator, 'en')).toEqual({
      errors: {},
      message: 'The email address or password is incorrect.',
    });
    expect(
      toFormErrors(error(429, 'TOO_MANY_REQUESTS', '', undefined, 290), translator, 'en').message,
    ).toBe('Too many attempts. Please wait 5 min and try again.');
    expect(toFormErrors(error(400, 'SOMETHING_NEW'), translator, 'en').message).toContain(
      'That did not work',
    );
  });
});

describe('isRefusal', () => {
  it('is a 4xx that is not a refused access token', () => {
    expect(isRefusal(error(401, 'INVALID_CREDENTIALS'))).toBe(true);
    expect(isRefusal(error(401, 'UNAUTHENTICATED'))).toBe(false);
    expect(isRefusal(error(500))).toBe(false);
    expect(isRefusal(new Error('x'))).toBe(false);
  });
});
