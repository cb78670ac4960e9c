import { Body, Controller, Post, Redirect, Render } from '@nestjs/common';
import { toDataURL } from 'qrcode';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { isRefusal, toFormErrors } from '../../common/forms/api-errors';
import { field } from '../../common/forms/form-fields';
import { FormResponder } from '../../common/forms/form-responder';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';
import { Flash, type FormState } from '../../session/flash';
import { DashboardPresenter } from './dashboard.presenter';

const BASE32 = /^[A-Z2-7]{16,128}=*$/;

/**
 * Turning 2FA on: the QR code and its secret (for manual entry), then the recovery codes,
 * shown once. These two steps answer their POST directly instead of redirecting, so the
 * secret and the codes are never stored anywhere on the way (and `no-store` keeps it so).
 */
@Controller('dashboard/2fa')
export class TwoFactorController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly presenter: DashboardPresenter,
    private readonly translator: Translator,
    private readonly forms: FormResponder,
    private readonly flash: Flash,
  ) {}

  @Post('setup')
  @Render('dashboard/two-factor')
  async setup(@CurrentPage() page: Page) {
    const user = await page.session.me();
    const setup = await page.session.call((ctx) => this.client.setupMfa(ctx));
    return this.presenter.twoFactorSetup(page.locale, user, { ...setup, qr: setup.qrCodeDataUrl });
  }

  @Post('enable')
  @Render('dashboard/two-factor')
  async enable(@CurrentPage() page: Page, @Body() body: unknown) {
    const user = await page.session.me();
    const code = field(body, 'code').replace(/\s+/g, '');
    try {
      const { recoveryCodes } = await page.session.call((ctx) =>
        this.client.enableMfa(ctx, { code }),
      );
      return this.presenter.recoveryCodes(page.locale, user, recoveryCodes);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // The same secret again: the user may already have scanned it.
      const secret = field(body, 'secret');
      const otpauthUrl = field(body, 'otpauthUrl');
      if (!BASE32.test(secret) || !otpauthUrl.startsWith('otpauth://totp/')) throw error;
      const { errors, message } = toFormErrors(error, this.translator, page.locale);
      const state: FormState = {
        form: 'mfa-enable',
        values: {},
        errors: { code: errors['code'] ?? [] },
        message,
      };
      return this.presenter.twoFactorSetup(
        page.locale,
        user,
        { secret, otpauthUrl, qr: await toDataURL(otpauthUrl) },
        state,
      );
    }
  }

  @Post('recovery-codes')
  @Render('dashboard/two-factor')
  async regenerateRecoveryCodes(@CurrentPage() page: Page) {
    const user = await page.session.me();
    const { recoveryCodes } = await page.session.call((ctx) =>
      this.client.regenerateRecoveryCodes(ctx),
    );
    return this.presenter.recoveryCodes(page.locale, user, recoveryCodes, true);
  }

  @Post('disable')
  @Redirect()
  async disable(@CurrentPage() page: Page, @Body() body: unknown): Promise<SeeOther> {
    const input = {
      password: field(body, 'password'),
      code: field(body, 'code').replace(/\s+/g, ''),
    };
    const missing = this.forms.missing(page, input, ['password', 'code']);
    if (missing)
      return this.forms.invalid(page, 'mfa-disable', {}, missing, '/dashboard#two-factor');
    try {
      await page.session.call((ctx) => this.client.disableMfa(ctx, input));
    } catch (error) {
      return this.forms.refused(page, error, 'mfa-disable', {}, '/dashboard#two-factor', {
        currentPassword: 'password',
      });
    }
    this.flash.notice(page.reply, 'success', 'flash.mfaDisabled');
    return seeOther('/dashboard#two-factor');
  }
}
