import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Redirect,
  Render,
} from '@nestjs/common';
import { AuthApiClient, type SsoCallbackAnswer } from '../../auth-api/auth-api.client';
import { field } from '../../common/forms/form-fields';
import { CurrentPage, type Page } from '../../common/http/request-context';
import { seeOther, type SeeOther } from '../../common/http/safe-redirect';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import { SessionCookies } from '../../session/session-cookies';
import {
  isEnrollmentStep,
  isLinked,
  isLinkRequired,
  isMfaStep,
  reasonOf,
  SSO_REASONS,
  type SsoReason,
} from './sso-answers';

const PROVIDER_ID = /^[a-z0-9-]{1,32}$/;
/** auth-api's MFA_TOKEN_TTL_SECONDS and MFA_ENROLLMENT_TOKEN_TTL_SECONDS defaults. */
const MFA_STEP_SECONDS = 300;
const ENROLLMENT_STEP_SECONDS = 900;

function providerOf(id: string): string {
  if (!PROVIDER_ID.test(id)) throw new NotFoundException();
  return id;
}

/**
 * Sign-in (and linking) through an OpenID Connect provider. The start keeps auth-api's
 * flow_token in an httpOnly cookie that only the callback path receives; the callback hands
 * it back with the provider's answer, so a callback that another browser started (login
 * CSRF) is refused by auth-api. The answer then ends like a password sign-in.
 */
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly client: AuthApiClient,
    private readonly cookies: SessionCookies,
    private readonly flash: Flash,
    private readonly translator: Translator,
  ) {}

  /**
   * Answers a page that moves on to the provider by a meta refresh (and a link), not a 303:
   * the CSP's form-action 'self' also covers where a form's answer redirects to, and the
   * provider is elsewhere. Works without JavaScript.
   */
  @Post(':provider/start')
  @HttpCode(200)
  @Render('sso/redirect')
  async start(@CurrentPage() page: Page, @Param('provider') id: string, @Body() body: unknown) {
    const provider = providerOf(id);
    const t = (key: string) => this.translator.t(page.locale, key);
    const link = field(body, 'intent') === 'link';
    const started = link
      ? await page.session.call((ctx) => this.client.ssoStart(ctx, provider, { intent: 'link' }))
      : await this.client.ssoStart(page.session.context(), provider, {}).catch((error: unknown) => {
          const reason = reasonOf(error);
          if (reason) return reason;
          throw error;
        });
    if (typeof started === 'string') {
      void page.reply.status(started === 'unavailable' ? 503 : 400);
      return { title: t('sso.errorTitle'), message: t(`sso.errors.${started}`) };
    }
    this.cookies.set(page.reply, 'sso', started.flow_token, started.expires_in);
    void page.reply.header('cache-control', 'no-store');
    return { title: t('sso.redirecting'), refreshUrl: started.authorization_url };
  }

  @Get(':provider/callback')
  @Redirect()
  async callback(@CurrentPage() page: Page, @Param('provider') id: string): Promise<SeeOther> {
    const provider = providerOf(id);
    const flowToken = this.cookies.read(page.request, 'sso');
    this.cookies.clear(page.reply, 'sso');
    if (!flowToken) return seeOther('/auth/sso/error?reason=expired');
    let answer: SsoCallbackAnswer;
    try {
      answer = await this.client.ssoCallback(page.session.context(), provider, {
        flow_token: flowToken,
        // auth-api reads the provider's answer from the query.
        callback_url: `${page.request.protocol}://${page.request.host}${page.request.url}`,
      });
    } catch (error) {
      const reason = reasonOf(error);
      if (!reason) throw error;
      return seeOther(`/auth/sso/error?reason=${reason}`);
    }
    return this.finish(page, answer);
  }

  @Get('error')
  @Render('sso/error')
  error(@CurrentPage() page: Page, @Query('reason') reason: unknown) {
    const known: SsoReason = SSO_REASONS.includes(reason as SsoReason)
      ? (reason as SsoReason)
      : 'refused';
    void page.reply.status(known === 'unavailable' ? 503 : 400);
    const t = (key: string) => this.translator.t(page.locale, key);
    return {
      title: t('sso.errorTitle'),
      message: t(`sso.errors.${known}`),
      signedIn: page.session.signedIn,
    };
  }

  private finish(page: Page, answer: SsoCallbackAnswer): SeeOther {
    if (isLinked(answer)) {
      this.flash.notice(page.reply, 'success', 'flash.ssoLinked');
      return seeOther('/dashboard#linked-accounts');
    }
    if (isLinkRequired(answer)) {
      const pending = { token: answer.link_token, email: answer.email, provider: answer.provider };
      this.cookies.set(page.reply, 'ssoLink', JSON.stringify(pending), MFA_STEP_SECONDS * 2);
      return seeOther('/auth/sso/link');
    }
    if (isMfaStep(answer)) {
      this.cookies.set(page.reply, 'mfa', answer.mfa_token, MFA_STEP_SECONDS);
      return seeOther('/login/mfa');
    }
    if (isEnrollmentStep(answer)) {
      this.cookies.set(page.reply, 'enrollment', answer.enrollment_token, ENROLLMENT_STEP_SECONDS);
      return seeOther('/login/mfa-enrollment');
    }
    page.session.start(answer);
    return seeOther('/dashboard');
  }
}
