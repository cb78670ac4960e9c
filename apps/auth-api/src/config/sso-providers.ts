/** One OpenID Connect provider, from SSO_<ID>_* (the id upper-cased, `-` as `_`). */
export interface SsoProviderSettings {
  id: string;
  name: string;
  issuer: URL;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

const ID = /^[a-z0-9-]{1,32}$/;

/**
 * The parsed providers of each loaded config. Their variables' names depend on SSO_PROVIDERS,
 * so they are no fields of the (frozen, field-per-variable) AppConfig, which reads them here.
 */
const PARSED = new WeakMap<object, readonly SsoProviderSettings[]>();

export function rememberSsoProviders(config: object, providers: SsoProviderSettings[]): void {
  PARSED.set(config, Object.freeze(providers));
}

export function ssoProvidersOf(config: object): readonly SsoProviderSettings[] {
  return PARSED.get(config) ?? [];
}
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The variable prefix of a provider id: `corp-eu` reads SSO_CORP_EU_ISSUER and so on. */
export const ssoPrefix = (id: string) => `SSO_${id.toUpperCase().replace(/-/g, '_')}_`;

/** `google, corp` → ['google', 'corp']; empty or unset → []. */
export function ssoProviderIds(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/**
 * Reads each listed provider's variables. The names are built from SSO_PROVIDERS, so they are
 * not AppConfig fields: one line per problem, never echoing a value (a secret may sit next to
 * a typo). http issuers are refused except on loopback, where test and local providers run.
 */
export function parseSsoProviders(
  ids: string[],
  env: Record<string, string | undefined>,
): { providers: SsoProviderSettings[]; problems: string[] } {
  const providers: SsoProviderSettings[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (!ID.test(id)) {
      problems.push(`SSO_PROVIDERS: "${id}" is not a provider id (lowercase a-z, 0-9 and -)`);
      continue;
    }
    if (seen.has(id)) {
      problems.push(`SSO_PROVIDERS: "${id}" is listed twice`);
      continue;
    }
    seen.add(id);
    const prefix = ssoPrefix(id);
    const read = (key: string): string | undefined => env[prefix + key]?.trim() || undefined;
    const issuer = issuerOf(read('ISSUER'), `${prefix}ISSUER`, problems);
    const clientId = read('CLIENT_ID');
    const clientSecret = read('CLIENT_SECRET');
    if (!clientId) problems.push(`${prefix}CLIENT_ID is required (provider "${id}")`);
    if (!clientSecret) problems.push(`${prefix}CLIENT_SECRET is required (provider "${id}")`);
    const scopes = read('SCOPES') ?? 'openid email profile';
    if (!scopes.split(/\s+/).includes('openid'))
      problems.push(`${prefix}SCOPES must include openid`);
    if (issuer && clientId && clientSecret)
      providers.push({ id, name: read('NAME') ?? id, issuer, clientId, clientSecret, scopes });
  }
  return { providers, problems };
}

function issuerOf(value: string | undefined, key: string, problems: string[]): URL | null {
  if (!value) {
    problems.push(`${key} is required (the provider's issuer URL)`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${key} must be a URL`);
    return null;
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || url.search || url.hash || url.username) {
    problems.push(`${key} must be an https URL without query (http only on loopback)`);
    return null;
  }
  return url;
}
