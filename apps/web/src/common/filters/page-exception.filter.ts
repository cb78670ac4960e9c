import type {} from '@fastify/view';
import { DomainErrorCode } from '@gatehouse/domain';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthApiError,
  AuthApiUnavailableError,
  isReauthRequired,
} from '../../auth-api/auth-api.errors';
import { AppConfig } from '../../config/app-config';
import { Translator } from '../../i18n/translator';
import { Flash } from '../../session/flash';
import { LoginRequiredError, SessionExpiredError } from '../../session/session-errors';
import { CsrfError } from '../http/csrf';
import { JsonAnswer } from '../http/json-answer';
import { confirmUrl, loginUrl, refererPath } from '../http/safe-redirect';
import { PageContext } from '../view/page-context';

type PageStatus = 400 | 403 | 404 | 500 | 503;

/** What went wrong, as a page: the status and which catalog entry explains it. */
function classify(exception: unknown): { status: PageStatus; kind: string } {
  if (exception instanceof AuthApiUnavailableError) return { status: 503, kind: 'unavailable' };
  if (exception instanceof CsrfError) return { status: 403, kind: 'csrf' };
  // An admin without 2FA while auth-api requires it (REQUIRE_ADMIN_MFA): say what to do.
  if (exception instanceof AuthApiError && exception.code === DomainErrorCode.MfaRequired)
    return { status: 403, kind: 'mfaRequired' };
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : exception instanceof AuthApiError
        ? exception.status
        : (exception as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status >= 500) return { status: 500, kind: 'server' };
  if (status === 404) return { status: 404, kind: 'notFound' };
  if (status === 401 || status === 403) return { status: 403, kind: 'forbidden' };
  return { status: 400, kind: 'badRequest' };
}

/**
 * Every error becomes a page in the site's layout: 404, 403 (also a missing or wrong CSRF
 * token), 500, and 503 "sign-in is temporarily unavailable" while auth-api is unreachable.
 * Nothing internal reaches the page: unknown errors are logged with their stack and the page
 * shows only the trace id. A page that needs a session sends the browser to /login?next=…,
 * an action that needs a recent proof of the password to /confirm?next=… (ASVS 7.5.1).
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly pages: PageContext,
    private readonly translator: Translator,
    private readonly flash: Flash,
    private readonly config: AppConfig,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof JsonAnswer) {
      void reply.status(exception.status).send(exception.body);
      return;
    }

    if (exception instanceof LoginRequiredError || exception instanceof SessionExpiredError) {
      const next =
        request.method === 'GET'
          ? request.url
          : refererPath(request.headers.referer, request.headers.host, '/dashboard');
      if (exception instanceof SessionExpiredError)
        this.flash.notice(reply, 'info', 'flash.sessionExpired');
      void reply.redirect(loginUrl(next), 303);
      return;
    }

    if (isReauthRequired(exception)) {
      const back =
        request.method === 'GET'
          ? request.url
          : refererPath(request.headers.referer, request.headers.host, '/dashboard');
      void reply.redirect(confirmUrl(back), 303);
      return;
    }

    const { status, kind } = classify(exception);
    if (status === 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    } else if (status === 403) {
      this.logger.warn(`refused ${request.method} ${request.url.split('?')[0]}: ${kind}`);
    }
    if (status === 503) {
      void reply.header('retry-after', Math.ceil(this.config.AUTH_API_BREAKER_HALF_OPEN_MS / 1000));
    }
    const t = (key: string) => this.translator.t(request.locale, `errors.${kind}.${key}`);
    const model = {
      title: t('title'),
      status,
      heading: t('heading'),
      message: t('message'),
      traceId: String(request.id),
      showLogin: status === 503 ? false : !request.userSession.signedIn,
      // The page itself says it; no banner on top of it.
      degraded: false,
    };
    try {
      await reply.status(status).view('errors/error', this.pages.build(request, reply, model));
    } catch (error) {
      this.logger.error(`error page failed: ${(error as Error).message}`);
      if (!reply.sent)
        void reply
          .status(status)
          .type('text/plain; charset=utf-8')
          .send(`${status} ${model.heading}`);
    }
  }
}
