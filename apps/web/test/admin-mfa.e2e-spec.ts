import type { Browser, Page } from 'playwright-core';
import { launchBrowser, snap, submitForm } from './support/browser';
import { freshCode, logIn, logOut, PASSWORD, signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

/**
 * REQUIRE_ADMIN_MFA on: the bootstrap admin, who has no 2FA yet, is guided through enrolment
 * between the password and the admin area. JavaScript is off: the flow is plain forms.
 */
describe('admin 2FA enrolment at sign-in (browser, no JavaScript)', () => {
  let stack: Stack;
  let browser: Browser;
  let url: string;
  let admin: Page;

  beforeAll(async () => {
    stack = await startStack({}, { REQUIRE_ADMIN_MFA: 'true' });
    url = stack.web.url;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newPage = async () =>
    (await browser.newContext({ locale: 'en-US', javaScriptEnabled: false })).newPage();
  const passwordStep = async (page: Page, next = '') => {
    await page.goto(`${url}/login${next}`);
    await submitForm(
      page,
      { 'Email address': stack.admin.email, Password: stack.admin.password },
      'Log in',
    );
  };
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  it('sends the admin back to sign-in, with a clear message, when the enrolment step has expired', async () => {
    const first = await newPage();
    await passwordStep(first);
    expect(first.url()).toBe(`${url}/login/mfa-enrollment`);
    // A later sign-in replaces the step: the first one is now refused by auth-api.
    await passwordStep(await newPage());
    await first.getByRole('button', { name: 'Start', exact: true }).click();
    await first.waitForLoadState('load');
    await expect(first.getByRole('alert').innerText()).resolves.toContain(
      'This sign-in step has expired before two-factor authentication was set up',
    );
    await first.getByRole('link', { name: 'Log in again' }).click();
    await first.waitForLoadState('load');
    expect(first.url()).toBe(`${url}/login`);
  });

  it('guides the admin through enrolment with a code computed here, shows the recovery codes, then the admin area', async () => {
    const page = (admin = await newPage());
    await passwordStep(page, '?next=/admin/users');
    expect(page.url()).toBe(`${url}/login/mfa-enrollment?next=%2Fadmin%2Fusers`);
    expect(await heading(page)).toBe('Set up two-factor authentication to continue');
    await expect(page.getByText('Your account has administrator rights').isVisible()).resolves.toBe(
      true,
    );
    await snap(page, 'admin-mfa-enrollment');

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForLoadState('load');
    const secret =
      (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.getByRole('img', { name: /QR code/ }).isVisible()).resolves.toBe(true);
    await snap(page, 'admin-mfa-enrollment-setup');

    await submitForm(page, { 'Authentication code': '000000' }, 'Turn on and log in');
    expect(await page.locator('#mfa-enrollment-code-error').innerText()).toContain('not valid');
    expect(await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')).toBe(secret);

    await submitForm(
      page,
      { 'Authentication code': await freshCode(secret) },
      'Turn on and log in',
    );
    expect(await heading(page)).toBe('Two-factor authentication is on');
    expect(await page.locator('[data-recovery-codes] li').allInnerTexts()).toHaveLength(10);
    await snap(page, 'admin-mfa-enrollment-codes');

    await page.getByRole('link', { name: 'I have saved my codes, continue' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${url}/admin/users`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);

    // From now on the admin signs in with the usual second step.
    await logOut(page);
    await logIn(page, url, stack.admin.email, stack.admin.password, secret);
    expect(page.url()).toBe(`${url}/dashboard`);
    await page.goto(`${url}/admin`);
    expect(await heading(page)).not.toBe('You do not have access to this page');
  });

  it('tells a member made admin after signing in to set up 2FA, and guides them at the next sign-in', async () => {
    const member = await newPage();
    const email = uniqueEmail('ada');
    await signUp(member, url, email);
    await logIn(member, url, email);
    expect(member.url()).toBe(`${url}/dashboard`);

    await admin.goto(`${url}/admin/users?q=${encodeURIComponent(email)}`);
    await admin.getByRole('link', { name: email }).click();
    await admin.waitForLoadState('load');
    await admin.getByLabel('admin', { exact: true }).check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.waitForLoadState('load');

    expect((await member.goto(`${url}/admin`))?.status()).toBe(403);
    expect(await heading(member)).toBe('Administrators must use two-factor authentication');
    await snap(member, 'admin-mfa-required');

    await logOut(member);
    await member.goto(`${url}/login`);
    await submitForm(member, { 'Email address': email, Password: PASSWORD }, 'Log in');
    expect(member.url()).toBe(`${url}/login/mfa-enrollment`);
  });
});
