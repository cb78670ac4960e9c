const ORIGIN = 'http://web.invalid';

/**
 * A `next` value that stays on this site: a relative path (`/dashboard?tab=x`), never
 * `//evil.example`, `/\evil.example`, `https://…` or anything with control characters.
 */
export function safeNext(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, ORIGIN);
    if (url.origin !== ORIGIN) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** `/login?next=…` for a page that needs a session. */
export const loginUrl = (next: string): string =>
  next === '/dashboard' ? '/login' : `/login?next=${encodeURIComponent(safeNext(next))}`;

/** A same-site page to return to after a form post, from its Referer. */
export function refererPath(referer: unknown, host: unknown, fallback: string): string {
  if (typeof referer !== 'string' || typeof host !== 'string') return fallback;
  try {
    const url = new URL(referer);
    return url.host === host ? safeNext(url.pathname + url.search, fallback) : fallback;
  } catch {
    return fallback;
  }
}

export interface SeeOther {
  url: string;
  statusCode: 303;
}

/** What a form handler returns: post/redirect/get with 303 See Other. */
export const seeOther = (url: string): SeeOther => ({ url, statusCode: 303 });
