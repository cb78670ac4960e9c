import type { Browser, Page } from 'playwright-core';
import { launchBrowser, snap, submitForm } from './support/browser';
import { logIn, signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

const HALF_OPEN_MS = 2000;

/** Forged forms, and auth-api going away and coming back while web keeps running. */
describe('security and resilience (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let url: string;
  const email = uniqueEmail('ada');

  beforeAll(async () => {
    stack = await startStack({ AUTH_API_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) });
    url = stack.web.url;
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signUp(page, url, email);
    await logIn(page, url, email);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('sends security headers with every page', async () => {
    const response = await page.goto(`${url}/dashboard`);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['cache-control']).toBe('no-store');
    const cookies = await page.context().cookies();
    for (const cookie of cookies) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    expect(cookies.map((c) => c.name).sort()).toEqual(['gh_at', 'gh_csrf', 'gh_rt']);
  });

  it('answers a form without its CSRF token with the 403 page, and changes nothing', async () => {
    await page.goto(`${url}/dashboard`);
    await page.getByLabel('First name (optional)').fill('Forged');
    await page
      .locator('form[action="/dashboard/profile"] input[name="_csrf"]')
      .evaluate((input) => input.remove());
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'This form has expired',
    );
    await snap(page, 'error-403-csrf');

    // A cross-site form (another origin cannot read the token) gets the same answer.
    const forged = await page
      .context()
      .request.post(`${url}/dashboard/profile`, { form: { firstName: 'Forged' } });
    expect(forged.status()).toBe(403);

    await page.goto(`${url}/dashboard`);
    await expect(page.getByLabel('First name (optional)').inputValue()).resolves.toBe('');
  });

  it('refreshes an expired access token transparently, once', async () => {
    const context = page.context();
    const before = (await context.cookies()).find((c) => c.name === 'gh_rt')?.value;
    await context.clearCookies({ name: 'gh_at' });
    await page.goto(`${url}/dashboard`);
    expect(page.url()).toBe(`${url}/dashboard`);
    const after = await context.cookies();
    expect(after.find((c) => c.name === 'gh_at')).toBeDefined();
    expect(after.find((c) => c.name === 'gh_rt')?.value).not.toBe(before);
  });

  it('sends the browser to /login?next=… when the refresh token is refused', async () => {
    const context = page.context();
    await context.clearCookies({ name: 'gh_at' });
    await context.addCookies([
      {
        name: 'gh_rt',
        value: 'not-a-real-refresh-token-0123456789',
        url,
        httpOnly: true,
        sameSite: 'Lax',
      },
    ]);
    await page.goto(`${url}/admin/audit?type=login.failed`);
    expect(page.url()).toBe(
      `${url}/login?next=${encodeURIComponent('/admin/audit?type=login.failed')}`,
    );
    expect((await context.cookies()).map((c) => c.name)).not.toContain('gh_rt');
    await snap(page, 'login-session-expired');

    await submitForm(
      page,
      { 'Email address': email, Password: 'correct horse battery staple' },
      'Log in',
    );
    // Back where the user was going (here: a 403, as they are no admin).
    expect(page.url()).toBe(`${url}/admin/audit?type=login.failed`);
  });

  it('never follows an off-site next', async () => {
    await page.goto(`${url}/login?next=${encodeURIComponent('//evil.example/steal')}`);
    await expect(page.locator('main input[name="next"]').inputValue()).resolves.toBe('/dashboard');
    await submitForm(
      page,
      { 'Email address': email, Password: 'correct horse battery staple' },
      'Log in',
    );
    expect(page.url()).toBe(`${url}/dashboard`);
  });

  it('answers 503 at once while auth-api is down, and recovers without restarting web', async () => {
    const health = async () =>
      (await fetch(`${url}/health`)).json() as Promise<{
        status: string;
        auth: boolean;
        breaker: string;
      }>;
    await expect(health()).resolves.toEqual({ status: 'ok', auth: true, breaker: 'closed' });

    await stack.api.stop();
    // The first page after the outage tries (and retries) and opens the breaker.
    const first = await page.goto(`${url}/dashboard`);
    expect(first?.status()).toBe(503);
    await expect(health()).resolves.toEqual({ status: 'degraded', auth: false, breaker: 'open' });

    // While open: the 503 page at once, without trying auth-api (the breaker stays open; a
    // trial call would have moved it to half-open or closed).
    const fast = await page.goto(`${url}/dashboard`);
    expect(fast?.status()).toBe(503);
    await expect(health()).resolves.toEqual({ status: 'degraded', auth: false, breaker: 'open' });
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Sign-in is temporarily unavailable',
    );
    expect(await page.content()).not.toMatch(/ECONNREFUSED|fetch failed|BrokenCircuit|stack/i);
    await snap(page, 'error-503');

    // The landing page does not need auth-api.
    expect((await page.goto(url))?.status()).toBe(200);

    await stack.api.start();
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 200));
    const back = await page.goto(`${url}/dashboard`);
    expect(back?.status()).toBe(200);
    expect(page.url()).toBe(`${url}/dashboard`);
    await expect(health()).resolves.toEqual({ status: 'ok', auth: true, breaker: 'closed' });
  });
});
