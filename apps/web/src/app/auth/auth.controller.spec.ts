import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiError, FakeAuthApi, TOKENS, USER } from '../../../test/support/fake-auth-api';
import { InjectClient, textOf } from '../../../test/support/inject-client';
import { startWeb } from '../../../test/support/test-app';
import { AuthController } from './auth.controller';

const MFA_TOKEN = 'm'.repeat(43);

describe(AuthController.name, () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  const start = async (env: Record<string, string> = {}, headers: Record<string, string> = {}) => {
    api = await new FakeAuthApi().start();
    app = await startWeb(api.url, env);
    browser = new InjectClient(app, headers);
  };
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

  it('shows the API validation errors inline, translated, with the email kept and the password not', async () => {
    await start({}, { 'accept-language': 'fr' });
    api.routes['POST /auth/register'] = apiError(400, '', 'invalid', [
      { field: 'email', messages: ['email must be a valid email address'] },
    ]);
    const posted = await browser.submit('/signup', '/signup', {
      email: 'ada@',
      password: 'secret-words-here',
      firstName: 'Ada',
    });
    expect(posted).toMatchObject({ status: 303, location: '/signup' });

    const page = await browser.get('/signup');
    expect(page.body).toContain('value="ada@"');
    expect(page.body).toContain('value="Ada"');
    expect(page.body).not.toContain('secret-words-here');
    expect(page.body).toMatch(/id="signup-email"[^>]*aria-invalid="true"[^>]*autofocus/s);
    expect(textOf(page.body)).toContain('Saisissez une adresse e-mail valide');
    // The flash is read once.
    expect(textOf((await browser.get('/signup')).body)).not.toContain(
      'Saisissez une adresse e-mail valide',
    );
  });

  it('checks empty required fields without calling auth-api', async () => {
    await start();
    await browser.submit('/login', '/login', { email: '', password: '' });
    expect(api.calls).toHaveLength(0);
    expect(textOf((await browser.get('/login')).body)).toContain('This field is required.');
  });

  it('logs in: tokens in httpOnly SameSite=Lax cookies, then on to a same-site next only', async () => {
    await start();
    api.routes['POST /auth/login'] = answer(200, TOKENS);
    const page = await browser.submit('/login?next=/admin/users', '/login', {
      email: USER.email,
      password: 'pw',
      next: '/admin/users',
    });
    expect(page).toMatchObject({ status: 303, location: '/admin/users' });
    const cookies = [page.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(/gh_at=access-1; Max-Age=1770; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookies).toMatch(
      /gh_rt=refresh-1-abcdefghijklmnop; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax/,
    );

    const offSite = await browser.submit('/login', '/login', {
      email: USER.email,
      password: 'pw',
      next: 'https://evil.example/',
    });
    expect(offSite.location).toBe('/dashboard');
  });

  it('uses Secure __Host- cookies in production', async () => {
    await start({ NODE_ENV: 'production' });
    api.routes['POST /auth/login'] = answer(200, TOKENS);
    const page = await browser.submit('/login', '/login', { email: USER.email, password: 'pw' });
    const cookies = [page.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(/__Host-gh_at=access-1;[^\n]*Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(cookies).toMatch(/__Host-gh_rt=[^\n]*Secure/);
    expect(cookies).not.toMatch(/Domain=/);
  });

  it('shows a refused login as a message and keeps the email', async () => {
    await start();
    api.routes['POST /auth/login'] = apiError(401, 'INVALID_CREDENTIALS');
    await browser.submit('/login', '/login', { email: USER.email, password: 'wrong' });
    const page = await browser.get('/login');
    expect(textOf(page.body)).toContain('The email address or password is incorrect.');
    expect(page.body).toContain(`value="${USER.email}"`);
    expect(browser.cookies.has('gh_at')).toBe(false);
  });

  it('asks for the second factor when the account has 2FA, and finishes with the code', async () => {
    await start();
    api.routes['POST /auth/login'] = answer(200, { mfa_required: true, mfa_token: MFA_TOKEN });
    const step = await browser.submit('/login?next=/admin', '/login', {
      email: USER.email,
      password: 'pw',
      next: '/admin',
    });
    expect(step.location).toBe('/login/mfa?next=%2Fadmin');
    expect(browser.cookies.has('gh_at')).toBe(false);

    api.routes['POST /auth/login/mfa'] = apiError(401, 'INVALID_MFA_CODE');
    const wrong = await browser.submit(step.location ?? '', '/login/mfa', {
      code: '000000',
      next: '/admin',
    });
    expect(wrong.location).toBe('/login/mfa?next=%2Fadmin');
    expect(textOf((await browser.get(wrong.location ?? '')).body)).toContain(
      'That code is not valid',
    );

    api.routes['POST /auth/login/mfa'] = answer(200, TOKENS);
    const done = await browser.submit('/login/mfa?next=/admin', '/login/mfa', {
      code: '123 456',
      next: '/admin',
    });
    expect(done.location).toBe('/admin');
    expect(JSON.parse(api.hitsOf('POST', '/auth/login/mfa').at(-1)?.body ?? '{}')).toEqual({
      mfa_token: MFA_TOKEN,
      code: '123456',
    });
    expect(browser.cookies.get('gh_at')).toBe('access-1');
    expect(browser.cookies.has('gh_mfa')).toBe(false);
  });

  it('starts over when the 2FA step has expired', async () => {
    await start();
    api.routes['POST /auth/login'] = answer(200, { mfa_required: true, mfa_token: MFA_TOKEN });
    api.routes['POST /auth/login/mfa'] = apiError(
      401,
      'INVALID_CREDENTIALS',
      'the sign-in step has expired',
    );
    await browser.submit('/login', '/login', { email: USER.email, password: 'pw' });
    const page = await browser.submit('/login/mfa', '/login/mfa', { code: '123456' });
    expect(page.location).toBe('/login');
    expect(textOf((await browser.get('/login')).body)).toContain('That sign-in attempt expired');
  });

  it('logs out: the refresh token is revoked at auth-api and the cookies cleared', async () => {
    await start();
    api.routes['POST /auth/login'] = answer(200, TOKENS);
    api.routes['POST /auth/logout'] = answer(204);
    await browser.submit('/login', '/login', { email: USER.email, password: 'pw' });
    const page = await browser.submit('/', '/logout', {});
    expect(page.location).toBe('/');
    expect(JSON.parse(api.hitsOf('POST', '/auth/logout')[0]?.body ?? '{}')).toEqual({
      refresh_token: TOKENS.refresh_token,
    });
    expect(browser.cookies.has('gh_at')).toBe(false);
    expect(browser.cookies.has('gh_rt')).toBe(false);
  });

  it('keeps the admin pages to admins: others get the 403 page and auth-api is not asked for users', async () => {
    await start();
    api.routes['GET /auth/me'] = answer(200, USER);
    browser.cookies.set('gh_at', 'access-1');
    const page = await browser.get('/admin/users');
    expect(page.status).toBe(403);
    expect(api.hitsOf('GET', '/users')).toHaveLength(0);

    api.routes['GET /auth/me'] = answer(200, { ...USER, roles: ['user', 'admin'] });
    api.routes['GET /users'] = answer(200, { items: [USER], total: 1, page: 1, limit: 20 });
    const admin = await browser.get('/admin/users?q=ada');
    expect(admin.status).toBe(200);
    expect(api.hitsOf('GET', '/users')[0]?.url).toBe('/users?q=ada&page=1&limit=20');
    expect(textOf(admin.body)).toContain(USER.email);
  });
});
