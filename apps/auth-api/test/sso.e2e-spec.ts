import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { HousekeepingService } from '../src/app/housekeeping/housekeeping.service';
import { login, registerUser, signedInUser, uniqueEmail } from './support/accounts';
import { ADMIN, ADMIN_ENV } from './support/admin';
import { burst, countStatuses } from './support/burst';
import { databases } from './support/databases';
import type { HttpClient } from './support/http-client';
import { userWithMfa } from './support/mfa';
import { TestProvider } from './support/oidc/test-provider';
import { sqlTime } from './support/sql-time';
import { type RunningApp, useTestApp } from './support/test-app';

const REDIRECT = 'http://localhost:8001/auth/sso/test/callback';
/** A provider that is down: nothing listens on its port (see freePort). */
const DOWN_ENV = {
  SSO_DOWN_CLIENT_ID: 'x',
  SSO_DOWN_CLIENT_SECRET: 'y',
  SSO_DOWN_NAME: 'Down',
};
const env: Record<string, string> = {};
let provider: TestProvider;

beforeAll(async () => {
  provider = await TestProvider.start([REDIRECT]);
  Object.assign(env, {
    SSO_PROVIDERS: 'test,down',
    ...provider.env(),
    ...DOWN_ENV,
    SSO_DOWN_ISSUER: `http://127.0.0.1:${await freePort()}`,
    ...ADMIN_ENV,
  });
});
afterAll(() => provider.stop());

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A provider account (verified email unless told otherwise). */
async function providerAccount(claims: { email?: string; email_verified?: boolean } = {}) {
  const sub = `sub-${randomBytes(6).toString('hex')}`;
  const email = claims.email ?? uniqueEmail('sso');
  await provider.account(sub, { email, email_verified: true, ...claims });
  return { sub, email };
}

interface Started {
  flowToken: string;
  callbackUrl: string;
}

/** Start (as `token`'s session if given) and sign in at the provider as `sub`. */
async function startAndSignIn(
  http: HttpClient,
  sub: string,
  options: { token?: string; intent?: 'link' } = {},
): Promise<Started> {
  const started = await http.post(
    '/auth/sso/test/start',
    options.intent ? { intent: options.intent } : {},
    { token: options.token },
  );
  if (started.status !== 200) throw new Error(`start: ${started.status} ${started.text}`);
  const callbackUrl = await provider.signIn(started.body.authorization_url, sub, REDIRECT);
  return { flowToken: started.body.flow_token, callbackUrl };
}

const callback = (http: HttpClient, flow: Started) =>
  http.post('/auth/sso/test/callback', {
    flow_token: flow.flowToken,
    callback_url: flow.callbackUrl,
  });

/** Start, sign in at the provider, callback: the API's answer. */
async function viaProvider(
  http: HttpClient,
  sub: string,
  options: { token?: string; intent?: 'link' } = {},
) {
  return callback(http, await startAndSignIn(http, sub, options));
}

function withParam(url: string, name: string, value: string): string {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.href;
}

const events = (sut: RunningApp, type: string, userId: string | null) =>
  sut.query<{ details: string }>(
    userId === null
      ? 'SELECT details FROM audit_events WHERE type = ? AND user_id IS NULL'
      : 'SELECT details FROM audit_events WHERE type = ? AND user_id = ?',
    userId === null ? [type] : [type, userId],
  );

/** A password account with the provider account linked (through intent=link). */
async function passwordUserLinked(http: HttpClient) {
  const account = await signedInUser(http);
  const { sub } = await providerAccount({ email: uniqueEmail('other') });
  const linked = await viaProvider(http, sub, {
    token: account.tokens.access_token,
    intent: 'link',
  });
  expect(linked.body).toEqual({ linked: true, provider: 'test' });
  return { ...account, sub };
}

describe.each(databases())('single sign-on: accounts [%s]', (kind) => {
  const { sut } = useTestApp(kind, env);

  it('lists the configured providers publicly', async () => {
    const response = await sut.http.get('/auth/sso/providers');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { id: 'test', name: 'Test ID' },
      { id: 'down', name: 'Down' },
    ]);
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
    const registered = await events(sut, 'user.registered', me.body.id);
    expect(JSON.parse(registered[0]?.details ?? '{}')).toEqual({ method: 'sso', provider: 'test' });
  });

  it('refuses an email the provider does not say is verified, and makes no account', async () => {
    const { sub, email } = await providerAccount({ email_verified: false });
    const response = await viaProvider(sut.http, sub);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('SSO_EMAIL_NOT_VERIFIED');
    expect(await sut.query('SELECT id FROM users WHERE email = ?', [email])).toHaveLength(0);
  });

  it('signs a returning user in to the same account, audited as an sso login', async () => {
    const { sub } = await providerAccount();
    const first = await viaProvider(sut.http, sub);
    const second = await viaProvider(sut.http, sub);
    expect(second.status).toBe(200);
    const [a, b] = await Promise.all(
      [first, second].map((r) => sut.http.get('/auth/me', { token: r.body.access_token })),
    );
    expect(b?.body.id).toBe(a?.body.id);
    const logins = await events(sut, 'login.succeeded', a?.body.id as string);
    expect(logins.map((e) => JSON.parse(e.details))).toEqual([
      expect.objectContaining({ method: 'sso', provider: 'test' }),
      expect.objectContaining({ method: 'sso', provider: 'test' }),
    ]);
    const identities = await sut.http.get('/auth/sso/identities', {
      token: second.body.access_token,
    });
    expect(identities.body).toEqual([
      expect.objectContaining({
        provider: 'test',
        name: 'Test ID',
        lastUsedAt: expect.any(String),
      }),
    ]);
  });

  it('never links by email alone: the owner signs in with the password, then links', async () => {
    const account = await registerUser(sut.http);
    const { sub } = await providerAccount({ email: account.email });
    const answer = await viaProvider(sut.http, sub);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      link_required: true,
      link_token: expect.any(String),
      email: account.email,
      provider: 'test',
    });
    expect(await sut.query('SELECT id FROM user_identities WHERE subject = ?', [sub])).toEqual([]);
    const tokens = await login(sut.http, account.email);
    const linked = await sut.http.post(
      '/auth/sso/link',
      { link_token: answer.body.link_token },
      { token: tokens.access_token },
    );
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ linked: true, provider: 'test' });
    expect(await events(sut, 'identity.linked', account.user.id)).toHaveLength(1);
    const again = await viaProvider(sut.http, sub);
    expect(again.body).toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses a link without the proof: no session, another account, a reused link token', async () => {
    const account = await registerUser(sut.http);
    const { sub } = await providerAccount({ email: account.email });
    const { link_token } = (await viaProvider(sut.http, sub)).body as { link_token: string };
    expect((await sut.http.post('/auth/sso/link', { link_token })).status).toBe(401);
    const stranger = await signedInUser(sut.http);
    const theirs = await sut.http.post(
      '/auth/sso/link',
      { link_token },
      { token: stranger.tokens.access_token },
    );
    expect(theirs.status).toBe(403);
    expect(theirs.body.code).toBe('FORBIDDEN');
    const tokens = await login(sut.http, account.email);
    const ok = await sut.http.post(
      '/auth/sso/link',
      { link_token },
      { token: tokens.access_token },
    );
    expect(ok.status).toBe(200);
    const reused = await sut.http.post(
      '/auth/sso/link',
      { link_token },
      { token: tokens.access_token },
    );
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('SSO_FLOW_INVALID');
    expect(
      await sut.query('SELECT id FROM user_identities WHERE user_id = ?', [stranger.user.id]),
    ).toEqual([]);
  });

  it('refuses a link from a session a provider opened until it re-authenticates', async () => {
    const account = await passwordUserLinked(sut.http);
    const viaSso = await viaProvider(sut.http, account.sub);
    const { sub } = await providerAccount({ email: account.email });
    const { link_token } = (await viaProvider(sut.http, sub)).body as { link_token: string };
    const refused = await sut.http.post(
      '/auth/sso/link',
      { link_token },
      { token: viaSso.body.access_token },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('links a provider from a signed-in session (intent=link), which needs a recent sign-in', async () => {
    const account = await signedInUser(sut.http);
    const { sub } = await providerAccount({ email: uniqueEmail('elsewhere') });
    const anonymous = await sut.http.post('/auth/sso/test/start', { intent: 'link' });
    expect(anonymous.status).toBe(401);
    const linked = await viaProvider(sut.http, sub, {
      token: account.tokens.access_token,
      intent: 'link',
    });
    expect(linked.body).toEqual({ linked: true, provider: 'test' });
    const identities = await sut.http.get('/auth/sso/identities', {
      token: account.tokens.access_token,
    });
    expect(identities.body).toMatchObject([{ provider: 'test', name: 'Test ID' }]);
    const hourAgo = sqlTime(kind, new Date(Date.now() - 3_600_000));
    await sut.query('UPDATE refresh_tokens SET created_at = ? WHERE user_id = ?', [
      hourAgo,
      account.user.id,
    ]);
    const stale = await sut.http.post(
      '/auth/sso/test/start',
      { intent: 'link' },
      { token: account.tokens.access_token },
    );
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('abandons a link whose session ended before the provider answered', async () => {
    const account = await signedInUser(sut.http);
    const { sub } = await providerAccount({ email: uniqueEmail('late') });
    const flow = await startAndSignIn(sut.http, sub, {
      token: account.tokens.access_token,
      intent: 'link',
    });
    await sut.http.post('/auth/logout', { refresh_token: account.tokens.refresh_token });
    const response = await callback(sut.http, flow);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('SSO_FLOW_INVALID');
    expect(await sut.query('SELECT id FROM user_identities WHERE subject = ?', [sub])).toEqual([]);
  });

  it('unlinks a provider, but never the last way to sign in', async () => {
    const account = await passwordUserLinked(sut.http);
    const token = account.tokens.access_token;
    const unlinked = await sut.http.request('DELETE', '/auth/sso/identities/test', { token });
    expect(unlinked.status).toBe(204);
    expect((await sut.http.get('/auth/sso/identities', { token })).body).toEqual([]);
    expect(await events(sut, 'identity.unlinked', account.user.id)).toHaveLength(1);
    const missing = await sut.http.request('DELETE', '/auth/sso/identities/test', { token });
    expect(missing.status).toBe(404);

    const { sub } = await providerAccount();
    const only = await viaProvider(sut.http, sub);
    const last = await sut.http.request('DELETE', '/auth/sso/identities/test', {
      token: only.body.access_token,
    });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('LAST_SIGN_IN_METHOD');
  });

  it('gives an account with 2FA the second step after the provider', async () => {
    const account = await userWithMfa(sut.http);
    const { sub } = await providerAccount({ email: uniqueEmail('mfa') });
    await viaProvider(sut.http, sub, { token: account.tokens.access_token, intent: 'link' });
    const step = await viaProvider(sut.http, sub);
    expect(step.body).toEqual({ mfa_required: true, mfa_token: expect.any(String) });
    const done = await sut.http.post('/auth/login/mfa', {
      mfa_token: step.body.mfa_token,
      // The TOTP code of this step was spent enabling 2FA: a recovery code is the next factor.
      code: account.recoveryCodes[0],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ token_type: 'Bearer' });
  });

  it("shows an admin each user's linked providers", async () => {
    const { sub, email } = await providerAccount();
    await viaProvider(sut.http, sub);
    const admin = await login(sut.http, ADMIN.email, ADMIN.password);
    const [user] = await sut.query<{ id: string }>('SELECT id FROM users WHERE email = ?', [email]);
    const detail = await sut.http.get(`/users/${user?.id}`, { token: admin.access_token });
    expect(detail.body.signInMethods).toEqual({
      password: false,
      passkeys: 0,
      providers: ['test'],
    });
  });
});

describe.each(databases())('single sign-on: refused flows [%s]', (kind) => {
  const { sut } = useTestApp(kind, env);

  afterEach(() => provider.tamper(null));

  async function refused(flow: Started, code = 'SSO_RESPONSE_INVALID') {
    const response = await callback(sut.http, flow);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code });
  }

  it('refuses a tampered state, and the flow is then used up', async () => {
    const { sub } = await providerAccount();
    const flow = await startAndSignIn(sut.http, sub);
    await refused({ ...flow, callbackUrl: withParam(flow.callbackUrl, 'state', 'forged') });
    await refused(flow, 'SSO_FLOW_INVALID');
    expect(await events(sut, 'sso.failed', null)).not.toHaveLength(0);
  });

  it("refuses a callback without the browser's flow_token, or with another flow's", async () => {
    const { sub } = await providerAccount();
    const flow = await startAndSignIn(sut.http, sub);
    const other = await startAndSignIn(sut.http, sub);
    const missing = await sut.http.post('/auth/sso/test/callback', {
      callback_url: flow.callbackUrl,
    });
    expect(missing.status).toBe(400);
    await refused({ flowToken: other.flowToken, callbackUrl: flow.callbackUrl });
    await refused(
      { flowToken: randomBytes(32).toString('base64url'), callbackUrl: flow.callbackUrl },
      'SSO_FLOW_INVALID',
    );
  });

  it('answers a replayed callback once, and refuses a replayed code', async () => {
    const { sub } = await providerAccount();
    const flow = await startAndSignIn(sut.http, sub);
    expect((await callback(sut.http, flow)).status).toBe(200);
    await refused(flow, 'SSO_FLOW_INVALID');
    // The used code, with the state of a new flow: the provider itself refuses the code.
    const fresh = await sut.http.post('/auth/sso/test/start', {});
    const state = new URL(fresh.body.authorization_url as string).searchParams.get('state') ?? '';
    await refused({
      flowToken: fresh.body.flow_token,
      callbackUrl: withParam(flow.callbackUrl, 'state', state),
    });
  });

  it('lets exactly one of ten synchronised callbacks of one flow through', async () => {
    const { sub } = await providerAccount();
    const flow = await startAndSignIn(sut.http, sub);
    const responses = await burst(
      Array.from({ length: 10 }, () => ({
        baseUrl: sut.http.baseUrl,
        path: '/auth/sso/test/callback',
        body: { flow_token: flow.flowToken, callback_url: flow.callbackUrl },
      })),
    );
    expect(countStatuses(responses)).toEqual({ 200: 1, 400: 9 });
    expect(await sut.query('SELECT id FROM user_identities WHERE subject = ?', [sub])).toHaveLength(
      1,
    );
  });

  it.each([
    ['a nonce of another flow', { nonce: 'another-nonce' }],
    ['another issuer', { iss: 'https://evil.example.com' }],
    ['another audience', { aud: 'another-client' }],
    ['an expired ID token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['a signature that does not match', { email: 'victim@example.com', brokenSignature: true }],
  ])('refuses an ID token with %s', async (_, claims) => {
    const { sub } = await providerAccount();
    await provider.tamper(claims);
    await refused(await startAndSignIn(sut.http, sub));
    expect(await sut.query('SELECT id FROM user_identities WHERE subject = ?', [sub])).toEqual([]);
  });

  it('deletes flows a day after they expired, used or not, and not before', async () => {
    const { sub } = await providerAccount();
    const used = await startAndSignIn(sut.http, sub);
    await callback(sut.http, used);
    await startAndSignIn(sut.http, sub);
    const hoursAgo = (h: number) => sqlTime(kind, new Date(Date.now() - h * 3_600_000));
    // The suite's earlier flows are in the table too: every one is aged alike.
    const flows = (await sut.query('SELECT id FROM sso_flows')).length;
    expect(flows).toBeGreaterThanOrEqual(2);
    await sut.query('UPDATE sso_flows SET expires_at = ?', [hoursAgo(23)]);
    await sut.app.get(HousekeepingService).purge();
    expect(await sut.query('SELECT id FROM sso_flows')).toHaveLength(flows);
    await sut.query('UPDATE sso_flows SET expires_at = ?', [hoursAgo(25)]);
    await sut.app.get(HousekeepingService).purge();
    expect(await sut.query('SELECT id FROM sso_flows')).toEqual([]);
  });

  it('refuses an expired flow', async () => {
    const { sub } = await providerAccount();
    const flow = await startAndSignIn(sut.http, sub);
    await sut.query('UPDATE sso_flows SET expires_at = ?', [
      sqlTime(kind, new Date(Date.now() - 1000)),
    ]);
    await refused(flow, 'SSO_FLOW_INVALID');
  });

  it('answers 503 with a clear message when the provider is down, and 404 for an unknown one', async () => {
    const down = await sut.http.post('/auth/sso/down/start', {});
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      code: 'SSO_PROVIDER_UNAVAILABLE',
      message: 'the sign-in provider "down" is not answering; try again later',
    });
    expect((await sut.http.post('/auth/sso/nowhere/start', {})).status).toBe(404);
  });

  it('refuses a redirect_uri that is not the web app callback nor in SSO_REDIRECT_URIS', async () => {
    const response = await sut.http.post('/auth/sso/test/start', {
      redirect_uri: 'https://evil.example.com/callback',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('SSO_FLOW_INVALID');
  });
});
