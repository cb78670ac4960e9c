import type { UserResponse } from '@gatehouse/contracts';
import { hasPermission, Permission } from '@gatehouse/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthApiClient } from '../../auth-api/auth-api.client';
import { LOCALES, type Locale } from '../../config/app-config';
import type { AssetManifest } from '../../config/asset-paths';
import { Translator } from '../../i18n/translator';
import { Flash, type NoticeKind } from '../../session/flash';
import { refererPath, safeNext } from '../http/safe-redirect';
import { ASSET_MANIFEST } from './view-tokens';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

const NOTICE_ROLES: Record<NoticeKind, 'status' | 'alert'> = {
  success: 'status',
  info: 'status',
  error: 'alert',
};

/** Who is signed in, as the header shows it. */
export interface Viewer {
  displayName: string;
  email: string;
  isAdmin: boolean;
}

export function toViewer(user: UserResponse): Viewer {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return {
    displayName: name || user.email,
    email: user.email,
    isAdmin: hasPermission(user, Permission.UsersRead),
  };
}

/**
 * What the layout needs on every page, merged under the page's own view model: language,
 * hashed asset URLs, the CSRF token for its forms, the header's navigation and the flash.
 */
@Injectable()
export class PageContext {
  constructor(
    private readonly translator: Translator,
    private readonly flash: Flash,
    private readonly client: AuthApiClient,
    @Inject(ASSET_MANIFEST) private readonly manifest: AssetManifest,
  ) {}

  asset(name: string): string {
    return `/assets/${this.manifest[name] ?? name}`;
  }

  build(
    request: FastifyRequest,
    reply: FastifyReply,
    model: Record<string, unknown>,
  ): Record<string, unknown> {
    const lang = request.locale;
    const t = (key: string) => this.translator.t(lang, key);
    const notice = this.flash.take(request, reply).notice;
    // Where the language switcher returns to: this page, or for a page answering a POST the
    // page the form was on.
    const path =
      request.method === 'GET'
        ? safeNext(request.url, '/')
        : refererPath(request.headers.referer, request.headers.host, '/');
    const viewer = model['viewer'] as Viewer | undefined;
    const title =
      typeof model['title'] === 'string' ? `${model['title']} · Gatehouse` : 'Gatehouse';
    return {
      lang,
      pageTitle: title,
      css: this.asset('app.css'),
      js: this.asset('app.js'),
      // @simplewebauthn/browser's bundle, and ours that drives it (passkeys only).
      webauthnJs: this.asset('webauthn.js'),
      passkeysJs: this.asset('passkeys.js'),
      icon: this.asset('favicon.svg'),
      csrfToken: reply.generateCsrf(),
      currentPath: path,
      languages: LOCALES.map((code) => ({
        code,
        label: LANGUAGE_NAMES[code],
        current: code === lang,
      })),
      signedIn: Boolean(viewer) || request.userSession.signedIn,
      degraded: this.client.breakerState === 'open',
      navCurrent: typeof model['section'] === 'string' ? { [model['section']]: true } : {},
      notice: notice && {
        [notice.kind]: true,
        role: NOTICE_ROLES[notice.kind],
        text: this.translator.t(lang, notice.key, notice.params),
      },
      brandHref: viewer || request.userSession.signedIn ? '/dashboard' : '/',
      skipLabel: t('layout.skip'),
      ...model,
    };
  }
}
