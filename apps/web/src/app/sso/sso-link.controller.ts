import { Body, Controller, Get, Param, Post, Redirect, Render } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';
import { buildForm, field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import { SessionCookies } from '../../session/session-cookies';
import { readPendingLink, reasonOf } from './sso-answers';
import { SsoProviders } from './sso-providers';

const LINK_PAGE = '/auth/sso/link';

/**
 * "Link your account": a provider account whose email an account here has is linked only
 * once that account's owner signs in with the password (never by the email match alone);
 * and unlinking from the dashboard.
 */
@Controller()
export class SsoLinkController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly cookies: SessionCookies,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
    private readonly translator: Translator,
    private readonly providers: SsoProviders,
  ) {}

  @Get('auth/sso/link')
  @Render('sso/link')
  async linkPage(@CurrentPage() page: Page) {
    const pending = readPendingLink(this.cookies.read(page.request, 'ssoLink'));
    const t = (key: string, params?: Record<string, string>) =>
      this.translator.t(page.locale, key, params);
    const providers = await this.providers.list(page.session.context());
    const name = providers.find((p) => p.id === pending?.provider)?.name ?? pending?.provider;
    return {
      title: t('sso.linkTitle'),
      pending: pending && {
        ...pending,
        lead: t('sso.linkLead', { email: pending.email, provider: name ?? '' }),
      },
      signedIn: page.session.signedIn,
      form: buildForm(
        'sso-link',
        [
          {
            name: 'password',
            label: t('fields.password'),
            type: 'password',
            autocomplete: 'current-password',
            required: true,
          },
        ],
        this.flash.formState(page.request, page.reply, 'sso-link'),
        true,
      ),
    };
  }

  /** The owner signs in with the password, and the provider account is linked at once. */
  @Post('auth/sso/link')
  @Redirect()
  async signInAndLink(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const pending = readPendingLink(this.cookies.read(page.request, 'ssoLink'));
    if (!pending) return seeOther('/auth/sso/error?reason=expired');
    const password = field(body, 'password');
    const missing = this.forms.missing(page, { password }, ['password']);
    if (missing) return this.forms.invalid(page, 'sso-link', {}, missing, LINK_PAGE);
    let answer;
    try {
      answer = await this.client.login(page.session.context(), { email: pending.email, password });
    } catch (error) {
      return this.forms.refused(page, error, 'sso-link', {}, LINK_PAGE);
    }
    if (!('access_token' in answer)) {
      // 2FA (or an admin's enrolment) first: the link page then offers to link, signed in.
      if ('mfa_required' in answer) {
        this.cookies.set(page.reply, 'mfa', answer.mfa_token, 300);
        return seeOther(`/login/mfa?next=${encodeURIComponent(LINK_PAGE)}`);
      }
      this.cookies.set(page.reply, 'enrollment', answer.enrollment_token, 900);
      return seeOther(`/login/mfa-enrollment?next=${encodeURIComponent(LINK_PAGE)}`);
    }
    page.session.start(answer);
    return this.link(page, pending.token);
  }

  /** Signed in already (after the 2FA step, say): link with this session. */
  @Post('auth/sso/link/confirm')
  @Redirect()
  confirmLink(@CurrentPage() page: Page): Promise<SeeOther> {
    const pending = readPendingLink(this.cookies.read(page.request, 'ssoLink'));
    if (!pending) return Promise.resolve(seeOther('/auth/sso/error?reason=expired'));
    return this.link(page, pending.token);
  }

  @Post('dashboard/linked-accounts/:provider/unlink')
  @Redirect()
  async unlink(@CurrentPage() page: Page, @Param('provider') provider: string): Promise<SeeOther> {
    try {
      await page.session.call((ctx) => this.client.unlinkIdentity(ctx, provider));
    } catch (error) {
      if (!(error instanceof AuthApiError) || error.status !== 409) throw error;
      this.flash.notice(page.reply, 'error', 'flash.ssoLastMethod');
      return seeOther('/dashboard#linked-accounts');
    }
    this.flash.notice(page.reply, 'success', 'flash.ssoUnlinked');
    return seeOther('/dashboard#linked-accounts');
  }

  private async link(page: Page, linkToken: string): Promise<SeeOther> {
    try {
      await page.session.call((ctx) => this.client.ssoLink(ctx, { link_token: linkToken }));
    } catch (error) {
      const reason = reasonOf(error);
      // A session that must prove itself again goes through /confirm (the page filter).
      if (!reason || (error as AuthApiError).code === 'REAUTHENTICATION_REQUIRED') throw error;
      this.cookies.clear(page.reply, 'ssoLink');
      return seeOther(`/auth/sso/error?reason=${reason}`);
    }
    this.cookies.clear(page.reply, 'ssoLink');
    this.flash.notice(page.reply, 'success', 'flash.ssoLinked');
    return seeOther('/dashboard#linked-accounts');
  }
}
