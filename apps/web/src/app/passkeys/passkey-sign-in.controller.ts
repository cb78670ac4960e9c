import type { PasskeyAssertionDto, PasskeyOptionsResponse } from '@gatehouse/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { field } from '../../common/forms/form-fields';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext, withNext } from '../../common/http/safe-redirect';
import { PasskeyAnswers } from './passkey-answers';
import { assertionOf } from './passkey-body';

/**
 * Sign-in with a passkey, called by passkeys.js from the login page (the button, or the
 * browser's autofill): options from auth-api, then the authenticator's answer, then the same
 * session cookies as a password sign-in. JSON in and out; CSRF-checked like every POST.
 */
@Controller('login/passkey')
export class PasskeySignInController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly answers: PasskeyAnswers,
  ) {}

  @Post('options')
  @HttpCode(200)
  async options(@CurrentPage() page: Page): Promise<PasskeyOptionsResponse> {
    try {
      return await this.client.passkeySignInOptions(page.session.context());
    } catch (error) {
      throw this.answers.refusal(page, error, '/login');
    }
  }

  @Post()
  @HttpCode(200)
  async signIn(@CurrentPage() page: Page, @Body() body: unknown): Promise<{ redirect: string }> {
    const next = safeNext(field(body, 'next'));
    const dto = assertionOf(body) as PasskeyAssertionDto;
    try {
      page.session.start(await this.client.passkeySignIn(page.session.context(), dto));
    } catch (error) {
      throw this.answers.refusal(page, error, withNext('/login', next));
    }
    return { redirect: next };
  }
}
