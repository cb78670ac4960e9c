import type {
  PasskeyAssertionDto,
  PasskeyOptionsResponse,
  RegisterPasskeyDto,
} from '@gatehouse/contracts';
import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Redirect } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext, seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { PasskeyAnswers } from './passkey-answers';
import { assertionOf } from './passkey-body';

const SECTION = '/dashboard#passkeys';

/**
 * The dashboard's passkeys: adding one (passkeys.js: options, then the authenticator's
 * answer), renaming and removing (plain forms), dropping the password, and confirming it is
 * you with a passkey. Sensitive steps go through "Confirm it's you" like the others.
 */
@Controller()
export class PasskeysController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly answers: PasskeyAnswers,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
  ) {}

  @Post('dashboard/passkeys/options')
  @HttpCode(200)
  async registrationOptions(@CurrentPage() page: Page): Promise<PasskeyOptionsResponse> {
    try {
      return await page.session.call((ctx) => this.client.passkeyRegistrationOptions(ctx));
    } catch (error) {
      throw this.answers.refusal(page, error, SECTION);
    }
  }

  @Post('dashboard/passkeys')
  @HttpCode(200)
  async add(@CurrentPage() page: Page, @Body() body: unknown): Promise<{ redirect: string }> {
    const name = field(body, 'name').trim();
    const dto = { ...assertionOf(body), ...(name ? { name } : {}) } as RegisterPasskeyDto;
    try {
      await page.session.call((ctx) => this.client.registerPasskey(ctx, dto));
    } catch (error) {
      throw this.answers.refusal(page, error, SECTION);
    }
    this.flash.notice(page.reply, 'success', 'flash.passkeyAdded');
    return { redirect: SECTION };
  }

  @Post('dashboard/passkeys/:id/rename')
  @Redirect()
  async rename(
    @CurrentPage() page: Page,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    const name = field(body, 'name').trim();
    try {
      await page.session.call((ctx) => this.client.renamePasskey(ctx, id, name));
    } catch (error) {
      return this.forms.refused(page, error, 'passkeys', {}, SECTION);
    }
    this.flash.notice(page.reply, 'success', 'flash.passkeyRenamed');
    return seeOther(SECTION);
  }

  @Post('dashboard/passkeys/:id/remove')
  @Redirect()
  async remove(
    @CurrentPage() page: Page,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<SeeOther> {
    try {
      await page.session.call((ctx) => this.client.removePasskey(ctx, id));
    } catch (error) {
      return this.forms.refused(page, error, 'passkeys', {}, SECTION);
    }
    this.flash.notice(page.reply, 'success', 'flash.passkeyRemoved');
    return seeOther(SECTION);
  }

  @Post('dashboard/password/remove')
  @Redirect()
  async removePassword(@CurrentPage() page: Page): Promise<SeeOther> {
    try {
      await page.session.call((ctx) => this.client.removePassword(ctx));
    } catch (error) {
      return this.forms.refused(page, error, 'passkeys', {}, SECTION);
    }
    this.flash.notice(page.reply, 'success', 'flash.passwordRemoved');
    return seeOther(SECTION);
  }

  @Post('confirm/passkey/options')
  @HttpCode(200)
  async confirmOptions(@CurrentPage() page: Page): Promise<PasskeyOptionsResponse> {
    try {
      return await page.session.call((ctx) => this.client.passkeyReauthOptions(ctx));
    } catch (error) {
      throw this.answers.refusal(page, error, '/dashboard');
    }
  }

  @Post('confirm/passkey')
  @HttpCode(200)
  async confirm(@CurrentPage() page: Page, @Body() body: unknown): Promise<{ redirect: string }> {
    const next = safeNext(field(body, 'next'));
    const dto = assertionOf(body) as PasskeyAssertionDto;
    try {
      await page.session.call((ctx) => this.client.passkeyReauthenticate(ctx, dto));
    } catch (error) {
      throw this.answers.refusal(page, error, next);
    }
    this.flash.notice(page.reply, 'success', 'flash.confirmed');
    return { redirect: next };
  }
}
