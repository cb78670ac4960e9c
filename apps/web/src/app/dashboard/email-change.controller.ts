import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { DashboardPresenter } from './dashboard.presenter';

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 256) : '');

/**
 * Moving the account to another address: the request (which needs a recent proof, so it may
 * pass through /confirm), then the link mailed to the new address. Opening the link changes
 * nothing (a mail scanner may open it first): the page asks for a click (ASVS 3.5.3).
 */
@Controller()
export class EmailChangeController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: DashboardPresenter,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
  ) {}

  @Post('dashboard/email')
  @Redirect()
  async request(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const values = { newEmail: field(body, 'newEmail').trim() };
    const missing = this.forms.missing(page, values, ['newEmail']);
    if (missing) return this.forms.invalid(page, 'email', values, missing, '/dashboard#email');
    try {
      await page.session.call((ctx) => this.client.changeEmail(ctx, values));
    } catch (error) {
      return this.forms.refused(page, error, 'email', values, '/dashboard#email', {
        email: 'newEmail',
      });
    }
    this.flash.notice(page.reply, 'success', 'flash.emailChangeSent', { email: values.newEmail });
    return seeOther('/dashboard#email');
  }

  @Get('confirm-email-change')
  @Render('auth/confirm-email-change')
  confirmPage(@CurrentPage() page: Page, @Query('token') token: unknown) {
    return this.presenter.confirmEmailChange(page.locale, text(token));
  }

  @Post('confirm-email-change')
  @Redirect()
  async confirm(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    try {
      await this.client.confirmEmailChange(page.session.context(), {
        token: field(body, 'token'),
      });
    } catch (error) {
      const status = error instanceof AuthApiError ? error.status : 0;
      if (status !== 400 && status !== 409) throw error;
      // 409: another account took the address since the link was sent.
      const notice = status === 409 ? 'flash.emailChangeTaken' : 'flash.emailChangeFailed';
      this.flash.notice(page.reply, 'error', notice);
      return seeOther(page.session.signedIn ? '/dashboard' : '/login');
    }
    // auth-api ended every session, this browser's too.
    page.session.clear();
    this.flash.notice(page.reply, 'success', 'flash.emailChanged');
    return seeOther('/login');
  }
}
