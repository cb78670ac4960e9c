import type { Locale } from '../../config/app-config';
import type { UserSession } from '../../session/user-session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The page language: switcher cookie, else Accept-Language, else DEFAULT_LOCALE. */
    locale: Locale;
    /** The browser's tokens and the calls made with them (create-app.ts makes one per request). */
    userSession: UserSession;
  }
}
