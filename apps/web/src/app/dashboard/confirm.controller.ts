import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext, seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { DashboardPresenter } from './dashboard.presenter';

/**
 * "Confirm it's you" (ASVS 7.5.1): the password, or a code with 2FA on, proves the session
 * again, and the browser goes back to the page of the action (`next`, same-site only).
 */
@Controller('confirm')
export class ConfirmController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: DashboardPresenter,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
  ) {}

  @Get()
  @Render('dashboard/confirm')
  async page(@CurrentPage() page: Page, @Query('next') next: unknown) {
    const user = await page.session.me();
    return this.presenter.confirm(
      page.locale,
      user,
      safeNext(next),
      this.flash.formState(page.request, page.reply, 'confirm'),
    );
  }

  @Post()
  @Redirect()
  async confirm(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const next = safeNext(field(body, 'next'));
    const again = `/confirm?next=${encodeURIComponent(next)}`;
    const password = field(body, 'password');
    const code = field(body, 'code').replace(/\s+/g, '');
    if (!password && !code) {
      const missing = this.forms.missing(page, { password }, ['password']) ?? {};
      return this.forms.invalid(page, 'confirm', {}, missing, again);
    }
    try {
      await page.session.call((ctx) =>
        this.client.reauthenticate(ctx, password ? { password } : { code }),
      );
    } catch (error) {
      return this.forms.refused(page, error, 'confirm', {}, again, {
        currentPassword: 'password',
      });
    }
    this.flash.notice(page.reply, 'success', 'flash.confirmed');
    return seeOther(next);
  }
}
