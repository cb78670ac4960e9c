import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, FakeAuthApi, TOKENS } from '../../../test/support/fake-auth-api';
import { HOSTILE_NEXT } from '../../../test/support/hostile-next';
import { csrfTokenOf, InjectClient } from '../../../test/support/inject-client';
import { startWeb } from '../../../test/support/test-app';

const HOST = 'web.test';
const SITE = `http://${HOST}`;
const CREDENTIALS = { email: 'ada@example.com', password: 'pw' };

/** Where a browser goes on this Location, from the page that sent it. */
const resolve = (location: string | undefined, from = '/login') => {
  if (location === undefined) throw new Error('no Location header');
  return new URL(location, SITE + from);
};

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

/** The value of a form's hidden `next` field, as the browser will post it. */
function hiddenNext(html: string, action: string): string {
  const form = new RegExp(`action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
  const value = /name="next" value="([^"]*)"/.exec(form)?.[1];
  if (value === undefined) throw new Error(`no next field in the ${action} form`);
  return value.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Referer headers for a hostile path: as a browser sends it (normalised by its URL parser) and,
 * when it is a valid header value, as a hand-made request would.
 */
const referersFor = (path: string): string[] => [
  ...new Set([new URL(path, SITE).href, ...(/^[\x21-\x7e]+$/.test(path) ? [SITE + path] : [])]),
];
const HOSTILE_REFERERS = HOSTILE_NEXT.filter((n) => n.startsWith('/')).flatMap(referersFor);

/**
 * Every way a `next` (or a Referer) reaches a redirect, with hostile values: the final
 * `Location`, resolved as a browser would, stays on this site.
 */
describe('redirects after login, 2FA, admin 2FA enrolment and the language switcher', () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  beforeAll(async () => {
    api = await new FakeAuthApi().start();
    app = await startWeb(api.url);
  });
  afterAll(async () => {
    await app.close();
    await api.stop();
  });
  beforeEach(() => {
    browser = new InjectClient(app, { host: HOST });
    api.routes['POST /auth/login'] = answer(200, TOKENS);
    api.routes['POST /auth/login/mfa'] = answer(200, TOKENS);
  });

  const requireMfa = () => {
    api.routes['POST /auth/login'] = answer(200, { mfa_required: true, mfa_token: 'm'.repeat(43) });
  };
  const expectOnSite = (location: string | undefined, from?: string) =>
    expect(resolve(location, from).origin).toBe(SITE);

  it.each(HOSTILE_NEXT)('GET /login?next=%j, then the form', async (next) => {
    const page = await browser.get(`/login?next=${encodeURIComponent(next)}`);
    const rendered = hiddenNext(page.body, '/login');
    expectOnSite(rendered);
    const posted = await browser.post('/login', {
      _csrf: csrfTokenOf(page.body),
      ...CREDENTIALS,
      next: rendered,
    });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location);
  });

  it.each(HOSTILE_NEXT)('POST /login with next %j', async (next) => {
    const posted = await browser.submit('/login', '/login', { ...CREDENTIALS, next });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location);
  });

  it.each(HOSTILE_NEXT)('POST /login with 2FA, then /login/mfa, with next %j', async (next) => {
    requireMfa();
    const step = await browser.submit('/login', '/login', { ...CREDENTIALS, next });
    expectOnSite(step.location);
    const mfaUrl = resolve(step.location);
    expect(mfaUrl.pathname).toBe('/login/mfa');
    const page = await browser.get(mfaUrl.pathname + mfaUrl.search);
    const rendered = hiddenNext(page.body, '/login/mfa');
    const posted = await browser.post('/login/mfa', {
      _csrf: csrfTokenOf(page.body),
      code: '123456',
      next: rendered,
    });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location, '/login/mfa');
  });

  it.each(HOSTILE_NEXT)('POST /login/mfa with next %j', async (next) => {
    requireMfa();
    await browser.submit('/login', '/login', CREDENTIALS);
    const posted = await browser.submit('/login/mfa', '/login/mfa', { code: '123456', next });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location, '/login/mfa');
  });

  it.each(HOSTILE_NEXT)(
    'POST /login for an admin who must enrol 2FA, then each enrolment step, with next %j',
    async (next) => {
      api.routes['POST /auth/login'] = answer(200, {
        mfa_enrollment_required: true,
        enrollment_token: 'e'.repeat(43),
      });
      api.routes['POST /auth/login/mfa-enrollment/setup'] = answer(200, {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Gatehouse:ada?secret=JBSWY3DPEHPK3PXP',
        qrCodeDataUrl: 'data:image/png;base64,AAAA',
      });
      api.routes['POST /auth/login/mfa-enrollment/enable'] = answer(200, {
        ...TOKENS,
        recoveryCodes: ['abcde-23456'],
      });
      const step = await browser.submit('/login', '/login', { ...CREDENTIALS, next });
      expectOnSite(step.location);
      const intro = resolve(step.location);
      expect(intro.pathname).toBe('/login/mfa-enrollment');
      const page = await browser.get(intro.pathname + intro.search);
      const setup = await browser.post('/login/mfa-enrollment/setup', {
        _csrf: csrfTokenOf(page.body),
        next: hiddenNext(page.body, '/login/mfa-enrollment/setup'),
      });
      expect(setup.status).toBe(200);
      const done = await browser.post('/login/mfa-enrollment/enable', {
        _csrf: csrfTokenOf(setup.body),
        code: '123456',
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/Gatehouse:ada?secret=JBSWY3DPEHPK3PXP',
        next: hiddenNext(setup.body, '/login/mfa-enrollment/enable'),
      });
      expect(done.status).toBe(200);
      const onward = /<a class="btn-primary" href="([^"]*)"/.exec(done.body)?.[1];
      expectOnSite(onward?.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => ENTITIES[e] ?? e));
    },
  );

  it.each(HOSTILE_NEXT)('POST /language with next %j', async (next) => {
    const posted = await browser.submit('/', '/language', { lang: 'fr', next });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location, '/');
  });

  it.each(HOSTILE_REFERERS)('POST /language from a page whose Referer is %j', async (referer) => {
    const token = csrfTokenOf((await browser.get('/')).body);
    const posted = await browser.post('/language', { _csrf: token, lang: 'fr' }, { referer });
    expect(posted.status).toBe(303);
    expectOnSite(posted.location, '/');

    // A page answering a POST (here the CSRF refusal) points its switcher at the Referer.
    const refused = await browser.post('/language', { lang: 'fr' }, { referer });
    expect(refused.status).toBe(403);
    const switched = await browser.post('/language', {
      _csrf: csrfTokenOf(refused.body),
      lang: 'en',
      next: hiddenNext(refused.body, '/language'),
    });
    expectOnSite(switched.location, '/');
  });

  it.each(HOSTILE_REFERERS)(
    'a form posted without a session, from a page whose Referer is %j, then login',
    async (referer) => {
      const token = csrfTokenOf((await browser.get('/login')).body);
      const refused = await browser.post(
        '/dashboard/sessions/revoke-all',
        { _csrf: token },
        { referer },
      );
      expect(refused.status).toBe(303);
      expectOnSite(refused.location, '/dashboard');
      const login = resolve(refused.location);
      const page = await browser.get(login.pathname + login.search);
      const posted = await browser.post('/login', {
        _csrf: csrfTokenOf(page.body),
        ...CREDENTIALS,
        next: hiddenNext(page.body, '/login'),
      });
      expectOnSite(posted.location);
    },
  );
});
