import type {
  MfaEnrollmentRequiredResponse,
  MfaRequiredResponse,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { DomainErrorCode } from '@gatehouse/domain';
import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext, seeOther, type SeeOther, withNext } from '../../common/http/safe-redirect';
import { Flash } from '../../session/flash';
import { SessionCookies } from '../../session/session-cookies';
import { SsoProviders } from '../sso/sso-providers';
import { AuthPresenter } from './auth.presenter';

const MFA_STEP_SECONDS = 300;
/** auth-api's MFA_ENROLLMENT_TOKEN_TTL_SECONDS default; auth-api decides the real expiry. */
const ENROLLMENT_STEP_SECONDS = 900;
type LoginAnswer = TokenPairResponse | MfaRequiredResponse | MfaEnrollmentRequiredResponse;
const isMfaRequired = (answer: LoginAnswer): answer is MfaRequiredResponse =>
  'mfa_required' in answer && answer.mfa_required;
const isEnrollmentRequired = (answer: LoginAnswer): answer is MfaEnrollmentRequiredResponse =>
  'mfa_enrollment_required' in answer && answer.mfa_enrollment_required;

/** Sign up, log in (with the 2FA step), log out. */
@Controller()
export class AuthController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AuthPresenter,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
    private readonly cookies: SessionCookies,
    private readonly ssoProviders: SsoProviders,
  ) {}

  @Get('signup')
  @Render('auth/signup')
  async signupPage(@CurrentPage() page: Page) {
    return {
      ...this.presenter.signup(
        page.locale,
        this.flash.formState(page.request, page.reply, 'signup'),
      ),
      ssoProviders: await this.ssoProviders.list(page.session.context()),
    };
  }

  @Post('signup')
  @Redirect()
  async signup(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const values = {
      email: field(body, 'email').trim(),
      firstName: field(body, 'firstName'),
      lastName: field(body, 'lastName'),
    };
    const password = field(body, 'password');
    const missing = this.forms.missing(page, { ...values, password }, ['email', 'password']);
    if (missing) return this.forms.invalid(page, 'signup', values, missing, '/signup');
    try {
      await this.client.register(page.session.context(), {
        email: values.email,
        password,
        firstName: values.firstName.trim() || undefined,
        lastName: values.lastName.trim() || undefined,
      });
    } catch (error) {
      return this.forms.refused(page, error, 'signup', values, '/signup');
    }
    this.flash.notice(page.reply, 'success', 'flash.signedUp', { email: values.email });
    return seeOther('/login');
  }

  @Get('login')
  @Render('auth/login')
  async loginPage(@CurrentPage() page: Page, @Query('next') next: unknown) {
    return {
      ...this.presenter.login(
        page.locale,
        safeNext(next),
        this.flash.formState(page.request, page.reply, 'login'),
      ),
      ssoProviders: await this.ssoProviders.list(page.session.context()),
    };
  }

  @Post('login')
  @Redirect()
  async login(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const next = safeNext(field(body, 'next'));
    const values = { email: field(body, 'email').trim() };
    const password = field(body, 'password');
    const missing = this.forms.missing(page, { ...values, password }, ['email', 'password']);
    if (missing)
      return this.forms.invalid(page, 'login', values, missing, withNext('/login', next));
    let answer: LoginAnswer;
    try {
      answer = await this.client.login(page.session.context(), { email: values.email, password });
    } catch (error) {
      return this.forms.refused(page, error, 'login', values, withNext('/login', next));
    }
    if (isMfaRequired(answer)) {
      this.cookies.set(page.reply, 'mfa', answer.mfa_token, MFA_STEP_SECONDS);
      return seeOther(withNext('/login/mfa', next));
    }
    if (isEnrollmentRequired(answer)) {
      this.cookies.set(page.reply, 'enrollment', answer.enrollment_token, ENROLLMENT_STEP_SECONDS);
      return seeOther(withNext('/login/mfa-enrollment', next));
    }
    page.session.start(answer);
    return seeOther(next);
  }

  @Get('login/mfa')
  @Render('auth/login-mfa')
  mfaPage(@CurrentPage() page: Page, @Query('next') next: unknown) {
    const pending = Boolean(this.cookies.read(page.request, 'mfa'));
    return this.presenter.loginMfa(
      page.locale,
      safeNext(next),
      pending,
      this.flash.formState(page.request, page.reply, 'mfa'),
    );
  }

  @Post('login/mfa')
  @Redirect()
  async loginMfa(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const next = safeNext(field(body, 'next'));
    const mfaToken = this.cookies.read(page.request, 'mfa');
    if (!mfaToken) {
      this.flash.notice(page.reply, 'info', 'flash.mfaExpired');
      return seeOther(withNext('/login', next));
    }
    const code = field(body, 'code').replace(/\s+/g, '');
    const missing = this.forms.missing(page, { code }, ['code']);
    if (missing) return this.forms.invalid(page, 'mfa', {}, missing, withNext('/login/mfa', next));
    try {
      page.session.start(
        await this.client.loginMfa(page.session.context(), { mfa_token: mfaToken, code }),
      );
    } catch (error) {
      // A wrong code stays on this step; an expired or used step starts the login again.
      if (
        error instanceof AuthApiError &&
        error.status === 401 &&
        error.code !== DomainErrorCode.InvalidMfaCode
      ) {
        this.cookies.clear(page.reply, 'mfa');
        this.flash.notice(page.reply, 'info', 'flash.mfaExpired');
        return seeOther(withNext('/login', next));
      }
      return this.forms.refused(page, error, 'mfa', {}, withNext('/login/mfa', next));
    }
    this.cookies.clear(page.reply, 'mfa');
    return seeOther(next);
  }

  @Post('logout')
  @Redirect()
  async logout(@CurrentPage() page: Page): Promise<SeeOther> {
    await page.session.logout();
    this.flash.notice(page.reply, 'success', 'flash.loggedOut');
    return seeOther('/');
  }
}
