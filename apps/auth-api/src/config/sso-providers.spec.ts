import { configProblems } from '@gatehouse/env-config';
import { loadConfig } from './load-config';

const SECRET = 'very-secret-client-secret';
const problemsOf = (env: Record<string, string>): string[] => configProblems(() => loadConfig(env));

describe('single sign-on configuration', () => {
  it('has no provider by default and a ten-minute flow', () => {
    const sut = loadConfig({});
    expect(sut.ssoProviders).toEqual([]);
    expect(sut.SSO_FLOW_TTL_SECONDS).toBe(600);
    expect(sut.SSO_REDIRECT_URIS).toEqual([]);
  });

  it('reads every listed provider from its SSO_<ID>_* variables, with default scopes', () => {
    const sut = loadConfig({
      SSO_PROVIDERS: 'google, corp-eu',
      SSO_GOOGLE_ISSUER: 'https://accounts.google.com',
      SSO_GOOGLE_CLIENT_ID: 'g-id',
      SSO_GOOGLE_CLIENT_SECRET: SECRET,
      SSO_GOOGLE_NAME: 'Google',
      SSO_CORP_EU_ISSUER: 'http://127.0.0.1:9000/realms/corp',
      SSO_CORP_EU_CLIENT_ID: 'c-id',
      SSO_CORP_EU_CLIENT_SECRET: SECRET,
      SSO_CORP_EU_SCOPES: 'openid email',
    });
    expect(
      sut.ssoProviders?.map((p) => [p.id, p.name, p.issuer.href, p.clientId, p.scopes]),
    ).toEqual([
      ['google', 'Google', 'https://accounts.google.com/', 'g-id', 'openid email profile'],
      ['corp-eu', 'corp-eu', 'http://127.0.0.1:9000/realms/corp', 'c-id', 'openid email'],
    ]);
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('reports each problem on one line, without echoing any value', () => {
    const problems = problemsOf({
      SSO_PROVIDERS: 'Google,corp,web',
      SSO_CORP_ISSUER: 'http://idp.example.com',
      SSO_CORP_CLIENT_SECRET: SECRET,
      SSO_WEB_ISSUER: 'https://idp.example.com',
      SSO_WEB_CLIENT_ID: 'w',
      SSO_WEB_CLIENT_SECRET: SECRET,
      SSO_WEB_SCOPES: 'email',
      SSO_FLOW_TTL_SECONDS: '5',
    });
    expect(problems).toEqual([
      'SSO_FLOW_TTL_SECONDS: SSO_FLOW_TTL_SECONDS must not be less than 60 (got "5")',
      'SSO_PROVIDERS: "Google" is not a provider id (lowercase a-z, 0-9 and -)',
      'SSO_CORP_ISSUER must be an https URL without query (http only on loopback)',
      'SSO_CORP_CLIENT_ID is required (provider "corp")',
      'SSO_WEB_SCOPES must include openid',
    ]);
    expect(problems.join('\n')).not.toContain(SECRET);
  });
});
