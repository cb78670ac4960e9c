import { DomainErrorCode } from '@gatehouse/domain';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Render } from '@nestjs/common';
import { toDataURL } from 'qrcode';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';
import { isRefusal, toFormErrors } from '../../common/forms/api-errors';
import { field } from '../../common/forms/form-fields';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { safeNext } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';
import type { FormState } from '../../session/flash';
import { SessionCookies } from '../../session/session-cookies';
import { AuthPresenter } from './auth.presenter';

const BASE32 = /^[A-Z2-7]{16,128}=*$/;

/** The step is gone (expired, used, replaced): a 401 whose code is not a wrong code. */
const stepExpired = (error: unknown) =>
  error instanceof AuthApiError &&
  error.status === 401 &&
  error.code !== DomainErrorCode.InvalidMfaCode;

/**
 * The sign-in of an admin who must turn on 2FA (REQUIRE_ADMIN_MFA): a page that explains why,
 * the QR code and its secret, a code from the app, then the recovery codes, shown once, and on
 * to the admin area. The enrolment token stays in a signed cookie; like the dashboard's setup,
 * the secret and the codes are answered directly to the POST and never stored on the way.
 */
@Controller('login/mfa-enrollment')
export class MfaEnrollmentController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: AuthPresenter,
    private readonly translator: Translator,
    private readonly cookies: SessionCookies,
  ) {}

  @Get()
  @Render('auth/mfa-enrollment')
  intro(@CurrentPage() page: Page, @Query('next') next: unknown) {
    const pending = Boolean(this.cookies.read(page.request, 'enrollment'));
    return this.presenter.mfaEnrollment(page.locale, safeNext(next), pending ? 'intro' : 'expired');
  }

  @Post('setup')
  @HttpCode(HttpStatus.OK)
  @Render('auth/mfa-enrollment')
  async setup(@CurrentPage() page: Page, @Body() body: unknown) {
    const next = safeNext(field(body, 'next'));
    const token = this.cookies.read(page.request, 'enrollment');
    if (!token) return this.presenter.mfaEnrollment(page.locale, next, 'expired');
    try {
      const setup = await this.client.setupMfaEnrollment(page.session.context(), {
        enrollment_token: token,
      });
      return this.presenter.mfaEnrollmentSetup(page.locale, next, {
        ...setup,
        qr: setup.qrCodeDataUrl,
      });
    } catch (error) {
      if (!stepExpired(error)) throw error;
      return this.expired(page, next);
    }
  }

  @Post('enable')
  @HttpCode(HttpStatus.OK)
  @Render('auth/mfa-enrollment')
  async enable(@CurrentPage() page: Page, @Body() body: unknown) {
    const next = safeNext(field(body, 'next'));
    const token = this.cookies.read(page.request, 'enrollment');
    if (!token) return this.presenter.mfaEnrollment(page.locale, next, 'expired');
    const code = field(body, 'code').replace(/\s+/g, '');
    try {
      const done = await this.client.enableMfaEnrollment(page.session.context(), {
        enrollment_token: token,
        code,
      });
      page.session.start(done);
      this.cookies.clear(page.reply, 'enrollment');
      return this.presenter.mfaEnrollmentCodes(page.locale, next, done.recoveryCodes);
    } catch (error) {
      if (stepExpired(error)) return this.expired(page, next);
      if (!isRefusal(error)) throw error;
      // The same secret again: the admin may already have scanned it.
      const secret = field(body, 'secret');
      const otpauthUrl = field(body, 'otpauthUrl');
      if (!BASE32.test(secret) || !otpauthUrl.startsWith('otpauth://totp/')) throw error;
      const { errors, message } = toFormErrors(error, this.translator, page.locale);
      const state: FormState = {
        form: 'mfa-enrollment',
        values: {},
        errors: { code: errors['code'] ?? [] },
        message,
      };
      return this.presenter.mfaEnrollmentSetup(
        page.locale,
        next,
        { secret, otpauthUrl, qr: await toDataURL(otpauthUrl) },
        state,
      );
    }
  }

  private expired(page: Page, next: string) {
    this.cookies.clear(page.reply, 'enrollment');
    return this.presenter.mfaEnrollment(page.locale, next, 'expired');
  }
}
