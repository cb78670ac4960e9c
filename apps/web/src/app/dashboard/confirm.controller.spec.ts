import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answer, apiError, FakeAuthApi, USER } from '../../../test/support/fake-auth-api';
import { InjectClient, textOf } from '../../../test/support/inject-client';
import { startWeb } from '../../../test/support/test-app';
import { ConfirmController } from './confirm.controller';

describe(ConfirmController.name, () => {
  let api: FakeAuthApi;
  let app: NestFastifyApplication;
  let browser: InjectClient;

  beforeEach(async () => {
    api = await new FakeAuthApi().start();
    app = await startWeb(api.url);
    browser = new InjectClient(app);
    browser.cookies.set('gh_at', 'access-1');
    api.routes['GET /auth/me'] = answer(200, USER);
    api.routes['GET /auth/sessions'] = answer(200, []);
    api.routes['GET /auth/passkeys'] = answer(200, []);
  });
  afterEach(async () => {
    await app.close();
    await api.stop();
  });

  const reauthBodies = () =>
    api.hitsOf('POST', '/auth/reauthenticate').map((hit) => JSON.parse(hit.body) as unknown);

  it('sends an action auth-api answers REAUTHENTICATION_REQUIRED to /confirm, then back', async () => {
    api.routes['POST /auth/2fa/setup'] = apiError(403, 'REAUTHENTICATION_REQUIRED');
    const refused = await browser.submit('/dashboard', '/dashboard/2fa/setup', {});
    expect(refused).toMatchObject({ status: 303, location: '/confirm?next=%2Fdashboard' });

    const page = await browser.get('/confirm?next=%2Fdashboard');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("Confirm it's you");
    api.routes['POST /auth/reauthenticate'] = answer(204);
    const confirmed = await browser.submit('/confirm?next=%2Fdashboard', '/confirm', {
      password: 'my password',
      next: '/dashboard',
    });
    expect(confirmed).toMatchObject({ status: 303, location: '/dashboard' });
    expect(reauthBodies()).toEqual([{ password: 'my password' }]);
  });

  it.each(['//evil.example/x', '/.//evil.example/x', 'https://evil.example/'])(
    'never goes off-site after confirming (next %j)',
    async (next) => {
      api.routes['POST /auth/reauthenticate'] = answer(204);
      const confirmed = await browser.submit('/confirm', '/confirm', { password: 'pw', next });
      expect(confirmed).toMatchObject({ status: 303, location: '/dashboard' });
    },
  );

  it('shows a wrong password inline and stays; sends a code when only a code is typed', async () => {
    api.routes['POST /auth/reauthenticate'] = apiError(400, 'WRONG_PASSWORD');
    const wrong = await browser.submit('/confirm', '/confirm', { password: 'nope', next: '/' });
    expect(wrong).toMatchObject({ status: 303, location: '/confirm?next=%2F' });
    expect(textOf((await browser.get('/confirm?next=%2F')).body)).toContain(
      'This is not your current password.',
    );
    api.routes['POST /auth/reauthenticate'] = answer(204);
    await browser.submit('/confirm', '/confirm', { password: '', code: '123 456', next: '/' });
    expect(reauthBodies().at(-1)).toEqual({ code: '123456' });
  });

  it('asks for a signed-in browser first', async () => {
    browser.cookies.clear();
    const page = await browser.get('/confirm?next=%2Fdashboard');
    expect(page).toMatchObject({ status: 303 });
    expect(page.location).toMatch(/^\/login\?next=/);
  });
});
