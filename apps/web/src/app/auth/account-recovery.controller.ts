import { DomainErrorCode } from '@gatehouse/domain';
import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { AuthPresenter } from './auth.presenter';

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 256) : '');
const isInvalidToken = (error: unknown) =>
  error instanceof AuthApiError &&
  error.status === 400 &&
  (error.code === DomainErrorCode.InvalidToken ||
    error.fieldErrors.some((f) => f.field === 'token'));

/**
 * The emailed links. Opening one never changes anything (a mail scanner may open it first):
 * the page asks for a click, and the POST does the work (ASVS 3.5.3).
 */
@Controller()
export class AccountRecoveryController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AuthPresenter,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
  ) {}

  @Get('verify-email')
  @Render('auth/verify-email')
  verifyPage(@CurrentPage() page: Page, @Query('token') token: unknown) {
    return this.presenter.verifyEmail(page.locale, text(token));
  }

  @Post('verify-email')
  @Redirect()
  async verify(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    try {
      await this.client.verifyEmail(page.session.context(), { token: field(body, 'token') });
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      this.flash.notice(page.reply, 'error', 'flash.verifyFailed');
      return seeOther('/verify-email/resend');
    }
    this.flash.notice(page.reply, 'success', 'flash.emailVerified');
    return seeOther(page.session.signedIn ? '/dashboard' : '/login');
  }

  @Get('verify-email/resend')
  @Render('auth/resend-verification')
  resendPage(@CurrentPage() page: Page, @Query('email') email: unknown) {
    return this.presenter.resendVerification(
      page.locale,
      text(email),
      this.flash.formState(page.request, page.reply, 'resend'),
    );
  }

  @Post('verify-email/resend')
  @Redirect()
  async resend(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const values = { email: field(body, 'email').trim() };
    const missing = this.forms.missing(page, values, ['email']);
    if (missing) return this.forms.invalid(page, 'resend', values, missing, '/verify-email/resend');
    try {
      await this.client.resendVerification(page.session.context(), values);
    } catch (error) {
      return this.forms.refused(page, error, 'resend', values, '/verify-email/resend');
    }
    this.flash.notice(page.reply, 'success', 'flash.verificationSent', values);
    return seeOther(page.session.signedIn ? '/dashboard' : '/login');
  }

  @Get('forgot-password')
  @Render('auth/forgot-password')
  forgotPage(@CurrentPage() page: Page) {
    return this.presenter.forgotPassword(
      page.locale,
      this.flash.formState(page.request, page.reply, 'forgot'),
    );
  }

  @Post('forgot-password')
  @Redirect()
  async forgot(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const values = { email: field(body, 'email').trim() };
    const missing = this.forms.missing(page, values, ['email']);
    if (missing) return this.forms.invalid(page, 'forgot', values, missing, '/forgot-password');
    try {
      await this.client.forgotPassword(page.session.context(), values);
    } catch (error) {
      return this.forms.refused(page, error, 'forgot', values, '/forgot-password');
    }
    this.flash.notice(page.reply, 'success', 'flash.resetSent', values);
    return seeOther('/login');
  }

  @Get('reset-password')
  @Render('auth/reset-password')
  resetPage(@CurrentPage() page: Page, @Query('token') token: unknown) {
    return this.presenter.resetPassword(
      page.locale,
      text(token),
      this.flash.formState(page.request, page.reply, 'reset'),
    );
  }

  @Post('reset-password')
  @Redirect()
  async reset(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const token = field(body, 'token');
    const password = field(body, 'password');
    const back = `/reset-password?token=${encodeURIComponent(token)}`;
    const missing = this.forms.missing(page, { password }, ['password']);
    if (missing) return this.forms.invalid(page, 'reset', {}, missing, back);
    try {
      await this.client.resetPassword(page.session.context(), { token, password });
    } catch (error) {
      if (isInvalidToken(error)) {
        this.flash.notice(page.reply, 'error', 'flash.resetFailed');
        return seeOther('/forgot-password');
      }
      return this.forms.refused(page, error, 'reset', {}, back);
    }
    this.flash.notice(page.reply, 'success', 'flash.passwordReset');
    return seeOther('/login');
  }
}
