import { DomainErrorCode } from '@gatehouse/domain';
import { AuthApiError, isReauthRequired, isTokenRejected } from '../../auth-api/auth-api.errors';
import type { Locale } from '../../config/app-config';
import type { Translator } from '../../i18n/translator';

export interface FormErrors {
  errors: Record<string, string[]>;
  message?: string;
}

/** class-validator's and the password policy's English messages → catalog entries. */
const KNOWN_MESSAGES: [RegExp, string, (m: RegExpExecArray) => Record<string, string>][] = [
  [/must be a valid email address/, 'validation.email', () => ({})],
  [/must not contain invisible or control characters/, 'validation.emailInvisible', () => ({})],
  [
    /must be (?:longer than or equal to|at least) (\d+) characters/,
    'validation.minLength',
    (m) => ({ min: m[1] ?? '' }),
  ],
  [
    /must be (?:shorter than or equal to|at most) (\d+) characters/,
    'validation.maxLength',
    (m) => ({ max: m[1] ?? '' }),
  ],
  [/should not be empty|must be a string/, 'validation.required', () => ({})],
  [/must be 6 digits or a recovery code/, 'validation.mfaCode', () => ({})],
  [/must be 6 digits$/, 'validation.totpCode', () => ({})],
  [/must not contain your email/, 'validation.passwordPersonal', () => ({})],
  [/must not contain the name of this service/, 'validation.passwordProduct', () => ({})],
  [/is too common/, 'validation.passwordCommon', () => ({})],
  [/is too easy to guess/, 'validation.passwordGuessable', () => ({})],
  [/must be a UUID/, 'validation.uuid', () => ({})],
  [/must look like/, 'validation.auditType', () => ({})],
];

export function translateApiMessage(
  translator: Translator,
  locale: Locale,
  message: string,
): string {
  for (const [pattern, key, params] of KNOWN_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return translator.t(locale, key, params(match));
  }
  return message
    ? message.charAt(0).toUpperCase() + message.slice(1)
    : translator.t(locale, 'apiErrors.generic');
}

/** Error codes that belong to one field of the form (API field name). */
const CODE_FIELDS: Record<string, string> = {
  [DomainErrorCode.EmailTaken]: 'email',
  [DomainErrorCode.WeakPassword]: 'password',
  [DomainErrorCode.WrongPassword]: 'currentPassword',
  [DomainErrorCode.InvalidMfaCode]: 'code',
  [DomainErrorCode.WrongMfaCode]: 'code',
};

/**
 * auth-api's refusal as inline errors: each validation error on its field (renamed through
 * `fieldNames` where the form calls it differently), known codes on their field or as the
 * form's message, anything else as a generic message. 5xx and outages are not handled here.
 */
export function toFormErrors(
  error: AuthApiError,
  translator: Translator,
  locale: Locale,
  fieldNames: Record<string, string> = {},
): FormErrors {
  const t = (key: string, params?: Record<string, string | number>) =>
    translator.t(locale, key, params);
  const errors: Record<string, string[]> = {};
  const add = (apiField: string, text: string) => {
    const name = fieldNames[apiField] ?? apiField;
    (errors[name] ??= []).push(text);
  };
  for (const fieldError of error.fieldErrors) {
    for (const message of fieldError.messages)
      add(fieldError.field, translateApiMessage(translator, locale, message));
  }
  if (error.fieldErrors.length) return { errors };

  const code = error.code ?? '';
  if (error.code === DomainErrorCode.WeakPassword) {
    add(
      CODE_FIELDS[code] ?? 'password',
      translateApiMessage(translator, locale, error.body.message),
    );
    return { errors };
  }
  const codeField = CODE_FIELDS[code];
  if (codeField) {
    add(codeField, t(`apiErrors.${code}`));
    return { errors };
  }
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return { errors, message: t(`apiErrors.${DomainErrorCode.TooManyRequests}`, { minutes }) };
  }
  const key = `apiErrors.${code}`;
  return { errors, message: code && translator.has(key) ? t(key) : t('apiErrors.generic') };
}

/** Only refusals (4xx) become form errors; anything else goes to the error pages. */
export const isRefusal = (error: unknown): error is AuthApiError =>
  error instanceof AuthApiError &&
  error.status >= 400 &&
  error.status < 500 &&
  !isTokenRejected(error) &&
  !isReauthRequired(error);
