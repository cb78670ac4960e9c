import { randomBytes } from 'node:crypto';
import { login, registerUser, STRONG_PASSWORD, uniqueEmail } from './support/accounts';
import { databases } from './support/databases';
import type { HttpClient } from './support/http-client';
import { TestProvider } from './support/oidc/test-provider';
import { useTestApp } from './support/test-app';

const REDIRECT = 'http://localhost:8001/auth/sso/test/callback';
const env: Record<string, string> = {};
let provider: TestProvider;

beforeAll(async () => {
  provider = await TestProvider.start([REDIRECT]);
  Object.assign(env, { SSO_PROVIDERS: 'test', ...provider.env() });
});
afterAll(() => provider.stop());

/** A provider account with a verified email of its own. */
async function providerAccount(claims: { email?: string; email_verified?: boolean } = {}) {
  const sub = `sub-${randomBytes(6).toString('hex')}`;
  const email = claims.email ?? uniqueEmail('sso');
  await provider.account(sub, { email, email_verified: true, ...claims });
  return { sub, email };
}

/** Start, sign in at the provider as `sub`, and the callback: the API's answer. */
async function viaProvider(
  http: HttpClient,
  sub: string,
  options: { token?: string; intent?: 'link' } = {},
) {
  const started = await http.post(
    '/auth/sso/test/start',
    options.intent ? { intent: options.intent } : {},
    { token: options.token },
  );
  expect(started.status).toBe(200);
  const callbackUrl = await provider.signIn(started.body.authorization_url, sub, REDIRECT);
  return http.post('/auth/sso/test/callback', {
    flow_token: started.body.flow_token,
    callback_url: callbackUrl,
  });
}

describe.each(databases())('single sign-on [%s]', (kind) => {
  const { sut } = useTestApp(kind, env);

  it('lists the configured providers publicly', async () => {
    const response = await sut.http.get('/auth/sso/providers');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ id: 'test', name: 'Test ID' }]);
  });

  it('creates a verified, passwordless account for a new verified email, and signs it in', async () => {
    const { sub, email } = await providerAccount();
    const response = await viaProvider(sut.http, sub);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer' });
    const me = await sut.http.get('/auth/me', { token: response.body.access_token });
    expect(me.body).toMatchObject({
      email,
      isVerified: true,
      signInMethods: { password: false, passkeys: 0, providers: ['test'] },
    });
  });
});
