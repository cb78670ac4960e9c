import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiError, FakeAuthApi, TOKENS, USER } from '../test/support/fake-auth-api';
import { InjectClient, textOf } from '../test/support/inject-client';
import { startWeb } from '../test/support/test-app';

describe('the web app', () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  beforeEach(async () => {
    api = await new FakeAuthApi().start();
    app = await startWeb(api.url);
    browser = new InjectClient(app);
  });
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

  describe('security headers', () => {
    it('sends a strict CSP, Referrer-Policy, frame-ancestors none, no-store and a trace id', async () => {
      const page = await browser.get('/');
      expect(page.status).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers['referrer-policy']).toBe('same-origin');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['x-request-id']).toMatch(/^[0-9a-f]{8}$/);
      expect(page.body).not.toMatch(/<script>|style="/);
    });

    it('serves hashed assets with a one-year immutable cache, and not the manifest', async () => {
      const page = await browser.get('/');
      const css = /href="(\/assets\/app\.[0-9a-f]{10}\.css)"/.exec(page.body)?.[1];
      expect(css).toBeDefined();
      const asset = await browser.get(css ?? '');
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await browser.get('/assets/manifest.json')).status).toBe(404);
    });
  });

  describe('error pages', () => {
    it('answers an unknown page with the 404 page in the site layout', async () => {
      const page = await browser.get('/no/such/page');
      expect(page.status).toBe(404);
      expect(page.body).toContain('Gatehouse');
      expect(textOf(page.body)).toContain('We cannot find that page');
    });

    it('shows a 500 page without any internal detail', async () => {
      api.routes['GET /auth/me'] = answer(500, {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'db exploded',
        traceId: 'x',
      });
      api.routes['GET /auth/sessions'] = answer(200, []);
      api.routes['GET /auth/passkeys'] = answer(200, []);
      browser.cookies.set('gh_at', 'access-1');
      const page = await browser.get('/dashboard');
      expect(page.status).toBe(500);
      expect(textOf(page.body)).toContain('Something went wrong on our side');
      expect(page.body).not.toMatch(/db exploded|auth-api answered|at \w+ \(/);
    });

    it('shows the 503 page while auth-api is down, for pages that need it', async () => {
      await api.stop();
      browser.cookies.set('gh_at', 'access-1');
      const page = await browser.get('/dashboard');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('10');
      expect(textOf(page.body)).toContain('Sign-in is temporarily unavailable');
      // The landing page needs nothing from auth-api.
      expect((await browser.get('/')).status).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('refuses a form without a token with the 403 page, before auth-api hears of it', async () => {
      const page = await browser.post('/login', { email: USER.email, password: 'x' });
      expect(page.status).toBe(403);
      expect(textOf(page.body)).toContain('This form has expired');
      expect(api.calls).toHaveLength(0);
    });

    it('refuses a wrong token', async () => {
      await browser.get('/login');
      const page = await browser.post('/login', {
        _csrf: 'forged-token',
        email: USER.email,
        password: 'x',
      });
      expect(page.status).toBe(403);
      expect(api.calls).toHaveLength(0);
    });

    it('refuses a token without its cookie (another browser)', async () => {
      const token =
        /name="_csrf" value="([^"]+)"/.exec((await browser.get('/login')).body)?.[1] ?? '';
      browser.cookies.clear();
      expect(
        (await browser.post('/login', { _csrf: token, email: USER.email, password: 'x' })).status,
      ).toBe(403);
    });
  });

  describe('health', () => {
    it('is 200 with auth true while auth-api is healthy', async () => {
      api.routes['GET /health'] = answer(200, { status: 'ok', db: true, redis: false });
      const page = await browser.get('/health');
      expect(page.status).toBe(200);
      expect(JSON.parse(page.body)).toEqual({ status: 'ok', auth: true, breaker: 'closed' });
    });

    it('is 503 with auth false (JSON, not the error page) when auth-api is down', async () => {
      await api.stop();
      const page = await browser.get('/health');
      expect(page.status).toBe(503);
      expect(JSON.parse(page.body)).toEqual({ status: 'degraded', auth: false, breaker: 'closed' });
    });

    it('answers liveness 200 even while auth-api is down', async () => {
      await api.stop();
      const page = await browser.get('/health/live');
      expect(page.status).toBe(200);
      expect(JSON.parse(page.body)).toEqual({ status: 'ok' });
    });
  });

  describe('languages', () => {
    it('follows Accept-Language, with the date format of the language', async () => {
      api.routes['GET /auth/me'] = answer(200, USER);
      api.routes['GET /auth/sessions'] = answer(200, []);
      api.routes['GET /auth/passkeys'] = answer(200, []);
      browser.cookies.set('gh_at', 'access-1');
      const page = await browser.get('/dashboard', {
        'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8',
      });
      expect(page.body).toContain('<html lang="fr"');
      expect(page.headers['content-language']).toBe('fr');
      expect(textOf(page.body)).toContain('membre depuis le 25 nov. 2026');
    });

    it('remembers the switcher choice over Accept-Language', async () => {
      const switched = await browser.submit('/', '/language', { lang: 'fr', next: '/login' });
      expect(switched.status).toBe(303);
      expect(switched.location).toBe('/login');
      const page = await browser.get('/login', { 'accept-language': 'en' });
      expect(textOf(page.body)).toContain('Se connecter à Gatehouse');
    });

    it('ignores an off-site next after switching', async () => {
      const switched = await browser.submit('/', '/language', {
        lang: 'en',
        next: '//evil.example/x',
      });
      expect(switched.location).toBe('/');
    });
  });

  describe('trace id', () => {
    it('sends the request id to auth-api as X-Request-Id', async () => {
      api.routes['POST /auth/login'] = answer(200, TOKENS);
      await browser.get('/login');
      const token =
        /name="_csrf" value="([^"]+)"/.exec((await browser.get('/login')).body)?.[1] ?? '';
      const page = await browser.post(
        '/login',
        { _csrf: token, email: USER.email, password: 'pw' },
        { 'x-request-id': 'click-42' },
      );
      expect(page.headers['x-request-id']).toBe('click-42');
      expect(api.hitsOf('POST', '/auth/login')[0]?.headers['x-request-id']).toBe('click-42');
    });
  });

  describe('unexpected answers', () => {
    it('treats a refusal it does not know as a form message', async () => {
      api.routes['POST /auth/forgot-password'] = apiError(418, 'TEAPOT');
      const page = await browser.submit('/forgot-password', '/forgot-password', {
        email: USER.email,
      });
      expect(page.location).toBe('/forgot-password');
      expect(textOf((await browser.get('/forgot-password')).body)).toContain('That did not work');
    });
  });
});
