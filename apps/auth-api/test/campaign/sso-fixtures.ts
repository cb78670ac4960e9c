import { randomBytes } from 'node:crypto';
import { uniqueEmail } from '../support/accounts';
import type { HttpClient } from '../support/http-client';
import type { TestProvider } from '../support/oidc/test-provider';

/** The provider the campaign's app is configured with (set by bad-input.e2e-spec.ts). */
export const ssoCampaign: { provider?: TestProvider } = {};
export const SSO_PROVIDER_ID = 'test';
export const SSO_REDIRECT = `http://localhost:8001/auth/sso/${SSO_PROVIDER_ID}/callback`;

function provider(): TestProvider {
  if (!ssoCampaign.provider) throw new Error('the campaign has no test provider');
  return ssoCampaign.provider;
}

/** A flow signed in at the provider, as a callback's valid body (a new account's email). */
export async function ssoCallbackBody(
  http: HttpClient,
  email = uniqueEmail('sso'),
  token?: string,
): Promise<{ flow_token: string; callback_url: string }> {
  const sub = `sub-${randomBytes(6).toString('hex')}`;
  await provider().account(sub, { email, email_verified: true });
  const started = await http.post(
    `/auth/sso/${SSO_PROVIDER_ID}/start`,
    token ? { intent: 'link' } : {},
    { token },
  );
  if (started.status !== 200) throw new Error(`sso start: ${started.status} ${started.text}`);
  const callbackUrl = await provider().signIn(started.body.authorization_url, sub, SSO_REDIRECT);
  return { flow_token: started.body.flow_token, callback_url: callbackUrl };
}

/** A link_token for the account of `email` (a provider account with the same email). */
export async function ssoLinkToken(http: HttpClient, email: string): Promise<string> {
  const answer = await http.post(
    `/auth/sso/${SSO_PROVIDER_ID}/callback`,
    await ssoCallbackBody(http, email),
  );
  if (!answer.body?.link_token) throw new Error(`no link_token: ${answer.status} ${answer.text}`);
  return answer.body.link_token as string;
}

/** Links a provider account to the signed-in account of `token` (intent=link). */
export async function ssoLinked(http: HttpClient, token: string): Promise<void> {
  const body = await ssoCallbackBody(http, uniqueEmail('linked'), token);
  const answer = await http.post(`/auth/sso/${SSO_PROVIDER_ID}/callback`, body);
  if (!answer.body?.linked) throw new Error(`link failed: ${answer.status} ${answer.text}`);
}
