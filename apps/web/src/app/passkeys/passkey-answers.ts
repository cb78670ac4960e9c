import { Injectable } from '@nestjs/common';
import { AuthApiError, isReauthRequired } from '../../auth-api/auth-api.errors';
import { translateApiMessage } from '../../common/forms/api-errors';
import { JsonAnswer } from '../../common/http/json-answer';
import type { Page } from '../../common/http/request-context';
import { confirmUrl } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';

/** Codes whose own words (apiErrors.<CODE>) say more than auth-api's English message. */
const TRANSLATED = new Set([
  'PASSKEY_NOT_VERIFIED',
  'PASSKEY_COUNTER_REGRESSED',
  'PASSKEY_REJECTED',
  'LAST_SIGN_IN_METHOD',
  'ACCOUNT_INACTIVE',
  'EMAIL_NOT_VERIFIED',
  'TOO_MANY_REQUESTS',
]);

/** auth-api's refusal of a passkey step as the JSON passkeys.js shows or follows. */
@Injectable()
export class PasskeyAnswers {
  constructor(private readonly translator: Translator) {}

  refusal(page: Page, error: unknown, back: string): JsonAnswer {
    if (isReauthRequired(error)) return new JsonAnswer(403, { redirect: confirmUrl(back) });
    if (!(error instanceof AuthApiError) || error.status >= 500) throw error;
    const code = error.body.code ?? '';
    const message = TRANSLATED.has(code)
      ? this.translator.t(page.locale, `apiErrors.${code}`, { minutes: 5 })
      : translateApiMessage(this.translator, page.locale, error.body.message);
    return new JsonAnswer(error.status === 401 ? 401 : 400, { message });
  }
}
