import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Redirect,
  Render,
} from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { SsoProviders } from '../sso/sso-providers';
import { DashboardPresenter } from './dashboard.presenter';

/** The signed-in home: profile, verification, password, sessions, 2FA status. */
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: DashboardPresenter,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
    private readonly ssoProviders: SsoProviders,
  ) {}

  @Get()
  @Render('dashboard/index')
  async index(@CurrentPage() page: Page) {
    const { session, request, reply } = page;
    const [user, sessions, passkeys, identities] = await Promise.all([
      session.me(),
      session.call((ctx) => this.client.sessions(ctx)),
      session.call((ctx) => this.client.passkeys(ctx)),
      session.call((ctx) => this.client.identities(ctx)),
    ]);
    return {
      ...this.presenter.dashboard(page.locale, user, sessions, passkeys, {
        passkeys: this.flash.formState(request, reply, 'passkeys'),
        profile: this.flash.formState(request, reply, 'profile'),
        password: this.flash.formState(request, reply, 'password'),
        mfaDisable: this.flash.formState(request, reply, 'mfa-disable'),
        email: this.flash.formState(request, reply, 'email'),
      }),
      linkedAccounts: await this.ssoProviders.linkedAccounts(session.context(), identities),
    };
  }

  @Post('profile')
  @Redirect()
  async updateProfile(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const values = {
      firstName: field(body, 'firstName').trim(),
      lastName: field(body, 'lastName').trim(),
    };
    try {
      await page.session.call((ctx) =>
        this.client.updateMe(ctx, {
          firstName: values.firstName || null,
          lastName: values.lastName || null,
        }),
      );
    } catch (error) {
      return this.forms.refused(page, error, 'profile', values, '/dashboard#profile');
    }
    this.flash.notice(page.reply, 'success', 'flash.profileSaved');
    return seeOther('/dashboard#profile');
  }

  @Post('password')
  @Redirect()
  async changePassword(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const passwords = {
      currentPassword: field(body, 'currentPassword'),
      newPassword: field(body, 'newPassword'),
    };
    const missing = this.forms.missing(page, passwords, ['currentPassword', 'newPassword']);
    if (missing) return this.forms.invalid(page, 'password', {}, missing, '/dashboard#password');
    try {
      await page.session.call((ctx) => this.client.changePassword(ctx, passwords));
    } catch (error) {
      return this.forms.refused(page, error, 'password', {}, '/dashboard#password', {
        password: 'newPassword',
      });
    }
    this.flash.notice(page.reply, 'success', 'flash.passwordChanged');
    return seeOther('/dashboard#password');
  }

  @Post('verification')
  @Redirect()
  async resendVerification(@CurrentPage() page: Page): Promise<SeeOther> {
    const user = await page.session.me();
    await this.client.resendVerification(page.session.context(), { email: user.email });
    this.flash.notice(page.reply, 'success', 'flash.verificationSent', { email: user.email });
    return seeOther('/dashboard');
  }

  @Post('sessions/:id/revoke')
  @Redirect()
  async revokeSession(
    @CurrentPage() page: Page,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<SeeOther> {
    await page.session.call((ctx) => this.client.revokeSession(ctx, id));
    this.flash.notice(page.reply, 'success', 'flash.sessionRevoked');
    return seeOther('/dashboard#sessions');
  }

  @Post('sessions/revoke-all')
  @Redirect()
  async revokeAll(@CurrentPage() page: Page): Promise<SeeOther> {
    await page.session.call((ctx) => this.client.logoutAll(ctx));
    page.session.clear();
    this.flash.notice(page.reply, 'success', 'flash.loggedOutEverywhere');
    return seeOther('/login');
  }
}
