const ORIGIN = 'http://web.invalid';
const MAX_LENGTH = 2048;

/** Starts with one `/` (not `//` or `/\`, which browsers read as another host); no `\` or controls. */
const isPlainPath = (value: string): boolean =>
  // eslint-disable-next-line no-control-regex
  /^\/(?![/\\])/.test(value) && !/[\\\u0000-\u001f\u007f]/.test(value);

/** Path, query and fragment as a browser resolves the value on this site; undefined if off-site. */
function resolved(value: string): string | undefined {
  if (!isPlainPath(value)) return undefined;
  try {
    const url = new URL(value, ORIGIN);
    return url.origin === ORIGIN ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Still a plain path of this site once resolved (dot segments: `/.//evil` is `//evil`), and
 * again after each further percent-decoding a careless layer might apply (`/%2f%2fevil`,
 * `/%252f…`). Malformed encoding cannot be decoded, so it ends the search.
 */
function staysOnSite(path: string): boolean {
  let current = path;
  for (let round = 0; round < 4; round++) {
    const again = resolved(current);
    // NFKC: a layer that folds compatibility characters turns `／` into `/` and `＼` into `\`.
    if (again === undefined || !isPlainPath(again) || !isPlainPath(current.normalize('NFKC')))
      return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}

/** Its path decodes: the router answers `/%` with 400, so there would be no page to return to. */
function routable(path: string): boolean {
  try {
    const [pathname = ''] = path.split(/[?#]/, 1);
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * A `next` value that stays on this site: the same-origin path a browser would go to
 * (`/dashboard?tab=x`), judged after full normalisation, never `//evil.example`, `/.//evil`,
 * `/%2f%2fevil`, `/\evil.example`, `https://…`, `javascript:…` or anything with control
 * characters. Anything else gives the fallback.
 */
export function safeNext(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return fallback;
  const path = resolved(value);
  if (path === undefined || path.length > MAX_LENGTH) return fallback;
  return staysOnSite(path) && routable(path) ? path : fallback;
}

/** `/login?next=…` for a page that needs a session. */
export function loginUrl(next: string): string {
  const path = safeNext(next);
  return path === '/dashboard' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}

/**
 * `/confirm?next=…`: the "Confirm it's you" page, then back to the page that offers the action.
 * Pages under /dashboard/ answer a POST (the 2FA setup steps) and have no GET: the dashboard.
 */
export function confirmUrl(next: string): string {
  const path = safeNext(next);
  const back = path.startsWith('/dashboard/') ? '/dashboard' : path;
  return `/confirm?next=${encodeURIComponent(back)}`;
}

/** `path?next=…`: a `next` already judged by safeNext, carried on to the next sign-in step. */
export function withNext(path: string, next: string): string {
  return next === '/dashboard' ? path : `${path}?next=${encodeURIComponent(next)}`;
}

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
