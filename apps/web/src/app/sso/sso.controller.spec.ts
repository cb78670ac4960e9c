import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiError, FakeAuthApi, TOKENS } from '../../../test/support/fake-auth-api';
import { InjectClient, textOf } from '../../../test/support/inject-client';
import { startWeb } from '../../../test/support/test-app';
import { SsoController } from './sso.controller';

const FLOW_TOKEN = 'f'.repeat(43);
const AUTHORIZE = 'https://id.example.com/authorize?client_id=gatehouse&state=s1&nonce=n1';

describe(SsoController.name, () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  const start = async (env: Record<string, string> = {}) => {
    api = await new FakeAuthApi().start();
    api.routes['GET /auth/sso/providers'] = answer(200, [{ id: 'corp', name: 'Corp ID' }]);
    api.routes['POST /auth/sso/corp/start'] = answer(200, {
      authorization_url: AUTHORIZE,
      flow_token: FLOW_TOKEN,
      expires_in: 600,
    });
    app = await startWeb(api.url, env);
    browser = new InjectClient(app);
  };
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

  it('shows a button per provider and starts there: flow token in an httpOnly cookie for /auth/sso/ only', async () => {
    await start();
    expect(textOf((await browser.get('/login')).body)).toContain('Continue with Corp ID');
    const page = await browser.submit('/login', '/auth/sso/corp/start', {});
    expect(page.status).toBe(200);
    // A meta refresh, not a redirect: the CSP's form-action 'self' covers a form's redirects.
    const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(page.body)?.[1];
    expect(refresh?.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=')).toBe(AUTHORIZE);
    const cookies = [page.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(
      /gh_sso=[^;]+; Max-Age=600; Path=\/auth\/sso\/; HttpOnly; SameSite=Lax/,
    );
  });

  it('uses a Secure __Secure- flow cookie in production', async () => {
    await start({ NODE_ENV: 'production' });
    const page = await browser.submit('/login', '/auth/sso/corp/start', {});
    const cookies = [page.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(
      /__Secure-gh_sso=[^\n]*Path=\/auth\/sso\/; HttpOnly; Secure; SameSite=Lax/,
    );
  });

  it('hands the flow token and the query to auth-api at the callback, and signs in', async () => {
    await start();
    api.routes['POST /auth/sso/corp/callback'] = answer(200, TOKENS);
    await browser.submit('/login', '/auth/sso/corp/start', {});
    const page = await browser.get('/auth/sso/corp/callback?code=c1&state=s1&iss=x');
    expect(page).toMatchObject({ status: 303, location: '/dashboard' });
    const sent = JSON.parse(api.hitsOf('POST', '/auth/sso/corp/callback')[0]?.body ?? '{}');
    expect(sent.flow_token).toBe(FLOW_TOKEN);
    expect(new URL(sent.callback_url as string).search).toBe('?code=c1&state=s1&iss=x');
    expect([page.headers['set-cookie']].flat().join('\n')).toMatch(/gh_at=access-1/);
  });

  it('refuses a callback without the flow cookie (another browser) without asking auth-api', async () => {
    await start();
    const page = await browser.get('/auth/sso/corp/callback?code=c1&state=s1');
    expect(page).toMatchObject({ status: 303, location: '/auth/sso/error?reason=expired' });
    expect(api.hitsOf('POST', '/auth/sso/corp/callback')).toHaveLength(0);
    const error = await browser.get('/auth/sso/error?reason=expired');
    expect(error.status).toBe(400);
    expect(textOf(error.body)).toContain('started in another browser');
  });

  it('explains a refused or unverified sign-in on the error page', async () => {
    await start();
    api.routes['POST /auth/sso/corp/callback'] = apiError(400, 'SSO_EMAIL_NOT_VERIFIED');
    await browser.submit('/login', '/auth/sso/corp/start', {});
    const page = await browser.get('/auth/sso/corp/callback?code=c1&state=s1');
    expect(page.location).toBe('/auth/sso/error?reason=emailNotVerified');
    const error = await browser.get(page.location ?? '');
    expect(textOf(error.body)).toContain('does not confirm that this email address is yours');
  });

  it('says so when the provider is down, without counting auth-api as failing', async () => {
    await start();
    api.routes['POST /auth/sso/corp/start'] = apiError(503, 'SSO_PROVIDER_UNAVAILABLE');
    for (let i = 0; i < 6; i++) {
      const page = await browser.submit('/login', '/auth/sso/corp/start', {});
      expect(page.status).toBe(503);
      expect(textOf(page.body)).toContain('The sign-in provider is not answering right now');
    }
    // Six provider outages in a row: the breaker (5 failures) stays closed, login still works.
    api.routes['POST /auth/login'] = answer(200, TOKENS);
    const login = await browser.submit('/login', '/login', { email: 'a@b.co', password: 'pw' });
    expect(login.status).toBe(303);
  });

  it('sends a provider account whose email is taken to the link page', async () => {
    await start();
    api.routes['POST /auth/sso/corp/callback'] = answer(200, {
      link_required: true,
      link_token: 'l'.repeat(43),
      email: 'ada@example.com',
      provider: 'corp',
    });
    await browser.submit('/login', '/auth/sso/corp/start', {});
    const page = await browser.get('/auth/sso/corp/callback?code=c1&state=s1');
    expect(page.location).toBe('/auth/sso/link');
    const link = textOf((await browser.get('/auth/sso/link')).body);
    expect(link).toContain('An account here already uses ada@example.com');
    expect(link).toContain('sign in with Corp ID');
  });
});
