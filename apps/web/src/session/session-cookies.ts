import type { CookieSerializeOptions } from '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';

export type CookieName =
  | 'access'
  | 'refresh'
  | 'mfa'
  | 'enrollment'
  | 'flash'
  | 'csrf'
  | 'lang'
  | 'sso'
  | 'ssoLink';

const BASE_NAMES: Record<CookieName, string> = {
  access: 'gh_at',
  refresh: 'gh_rt',
  mfa: 'gh_mfa',
  enrollment: 'gh_mfa_enrol',
  flash: 'gh_flash',
  csrf: 'gh_csrf',
  lang: 'gh_lang',
  sso: 'gh_sso',
  ssoLink: 'gh_sso_link',
};

/**
 * The single sign-on flow token goes back only to the callback routes: `__Secure-` (not
 * `__Host-`, which demands path /) keeps it HTTPS-only, and its path keeps it off every other
 * request. SameSite=Lax still sends it on the provider's top-level redirect back.
 */
const SCOPED_PATHS: Partial<Record<CookieName, string>> = { sso: '/auth/sso/' };

/** Signed with SESSION_SECRET: their content comes from us, not from auth-api. */
const SIGNED = new Set<CookieName>(['mfa', 'enrollment', 'flash', 'csrf', 'sso', 'ssoLink']);

/**
 * Every cookie the web app sets: httpOnly, SameSite=Lax, path /; `Secure` with the `__Host-`
 * prefix when COOKIE_SECURE is on (the default in production), so no subdomain can set or
 * read them (ASVS 3.3.1–3.3.4).
 */
@Injectable()
export class SessionCookies {
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = config.cookieSecure;
  }

  name(cookie: CookieName): string {
    if (!this.secure) return BASE_NAMES[cookie];
    return `${SCOPED_PATHS[cookie] ? '__Secure-' : '__Host-'}${BASE_NAMES[cookie]}`;
  }

  options(cookie: CookieName, maxAgeSeconds?: number): CookieSerializeOptions {
    return {
      path: SCOPED_PATHS[cookie] ?? '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      signed: SIGNED.has(cookie),
      ...(maxAgeSeconds !== undefined && { maxAge: maxAgeSeconds }),
    };
  }

  read(request: FastifyRequest, cookie: CookieName): string | undefined {
    const raw = request.cookies[this.name(cookie)];
    if (!raw) return undefined;
    if (!SIGNED.has(cookie)) return raw;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
  }

  set(reply: FastifyReply, cookie: CookieName, value: string, maxAgeSeconds?: number): void {
    void reply.setCookie(this.name(cookie), value, this.options(cookie, maxAgeSeconds));
  }

  clear(reply: FastifyReply, cookie: CookieName): void {
    const { path, httpOnly, sameSite, secure } = this.options(cookie);
    void reply.clearCookie(this.name(cookie), { path, httpOnly, sameSite, secure });
  }
}
