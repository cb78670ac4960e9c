import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiError, FakeAuthApi, TOKENS, USER } from '../../test/support/fake-auth-api';
import { InjectClient } from '../../test/support/inject-client';
import type { Hit } from '../../test/support/scripted-server';
import { startWeb } from '../../test/support/test-app';
import { UserSession } from './user-session';

const NEW_PAIR = {
  ...TOKENS,
  access_token: 'access-2',
  refresh_token: 'refresh-2-abcdefghijklmnop',
};
const bearer = (hit: Hit) => hit.headers['authorization'];

/** Answers 200 to the new access token and 401 to anything else. */
const onlyNewToken = (body: unknown) => (hit: Hit, res: Parameters<ReturnType<typeof answer>>[1]) =>
  (bearer(hit) === 'Bearer access-2' ? answer(200, body) : apiError(401, 'UNAUTHENTICATED'))(
    hit,
    res,
  );

describe(UserSession.name, () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  beforeEach(async () => {
    api = await new FakeAuthApi().start();
    app = await startWeb(api.url);
    browser = new InjectClient(app);
    api.routes['POST /auth/refresh'] = answer(200, NEW_PAIR);
  });
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

  it('refreshes a refused access token once for the whole page, keeps the new pair and retries', async () => {
    api.routes['GET /auth/me'] = onlyNewToken(USER);
    api.routes['GET /auth/sessions'] = onlyNewToken([]);
    api.routes['GET /auth/passkeys'] = onlyNewToken([]);
    browser.cookies.set('gh_at', 'access-1');
    browser.cookies.set('gh_rt', TOKENS.refresh_token);

    const page = await browser.get('/dashboard');

    expect(page.status).toBe(200);
    const refreshes = api.hitsOf('POST', '/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(JSON.parse(refreshes[0]?.body ?? '{}')).toEqual({ refresh_token: TOKENS.refresh_token });
    expect(browser.cookies.get('gh_at')).toBe('access-2');
    expect(browser.cookies.get('gh_rt')).toBe(NEW_PAIR.refresh_token);
  });

  it('refreshes first when the access cookie has expired', async () => {
    api.routes['GET /auth/me'] = onlyNewToken(USER);
    api.routes['GET /auth/sessions'] = onlyNewToken([]);
    api.routes['GET /auth/passkeys'] = onlyNewToken([]);
    browser.cookies.set('gh_rt', TOKENS.refresh_token);
    expect((await browser.get('/dashboard')).status).toBe(200);
    expect(api.hitsOf('GET', '/auth/me').map(bearer)).toEqual(['Bearer access-2']);
  });

  it('clears the cookies and sends the browser to /login?next=… when the refresh is refused', async () => {
    api.routes['POST /auth/refresh'] = apiError(401, 'INVALID_REFRESH_TOKEN');
    browser.cookies.set('gh_rt', 'stolen-or-expired-token-0123');
    const page = await browser.get('/admin/users?q=ada');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?next=%2Fadmin%2Fusers%3Fq%3Dada');
    expect([...browser.cookies.keys()]).not.toContain('gh_rt');
    const login = await browser.get(page.location ?? '');
    expect(login.body).toContain('Your session has ended');
    expect(login.body.replace(/&#x3D;/g, '=')).toContain('value="/admin/users?q=ada"');
  });

  it('refreshes at most once per request: a token refused after refreshing ends the session', async () => {
    api.routes['GET /auth/me'] = apiError(401, 'UNAUTHENTICATED');
    api.routes['GET /auth/sessions'] = apiError(401, 'UNAUTHENTICATED');
    api.routes['GET /auth/passkeys'] = apiError(401, 'UNAUTHENTICATED');
    browser.cookies.set('gh_at', 'access-1');
    browser.cookies.set('gh_rt', TOKENS.refresh_token);
    const page = await browser.get('/dashboard');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login');
    expect(api.hitsOf('POST', '/auth/refresh')).toHaveLength(1);
  });

  it('keeps the cookies when auth-api is down during a refresh (503, not a logout)', async () => {
    await api.stop();
    browser.cookies.set('gh_rt', TOKENS.refresh_token);
    expect((await browser.get('/dashboard')).status).toBe(503);
    expect(browser.cookies.get('gh_rt')).toBe(TOKENS.refresh_token);
  });

  it('sends a signed-out visitor of a page that needs a session to the login page', async () => {
    const page = await browser.get('/admin');
    expect(page.location).toBe('/login?next=%2Fadmin');
    expect(api.calls).toHaveLength(0);
  });

  it('after a refused post, returns to the page the form was on', async () => {
    api.routes['PATCH /auth/me'] = apiError(401, 'UNAUTHENTICATED');
    api.routes['POST /auth/refresh'] = apiError(401, 'INVALID_REFRESH_TOKEN');
    const token = /name="_csrf" value="([^"]+)"/.exec((await browser.get('/')).body)?.[1] ?? '';
    browser.cookies.set('gh_at', 'access-1');
    browser.cookies.set('gh_rt', TOKENS.refresh_token);
    const page = await browser.post(
      '/dashboard/profile',
      { _csrf: token, firstName: 'Ada' },
      { referer: 'http://localhost:80/dashboard#profile', host: 'localhost:80' },
    );
    expect(page.location).toBe('/login');
  });
});
