import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, snap, submitForm } from './support/browser';
import { flashText, freshCode, logIn, logOut, PASSWORD, uniqueEmail } from './support/flows';
import { linkFromOutbox } from './support/outbox';
import { type Stack, startStack } from './support/processes';

/**
 * One person's account, start to finish, in a real browser against real auth-api and web
 * processes. The steps build on each other, in order.
 */
describe('account journey (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const email = uniqueEmail('grace');
  let password = PASSWORD;
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    url = stack.web.url;
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the landing page', async () => {
    await page.goto(url);
    await expectHeading(page, 'Sign-in your team can trust');
    await snap(page, 'home');
  });

  it('signs up, refusing a common password inline first (email kept, password not, focus on it)', async () => {
    await page.goto(`${url}/signup`);
    await snap(page, 'signup');
    await submitForm(
      page,
      { 'Email address': email, 'New password': 'password123' },
      'Create account',
    );
    expect(page.url()).toBe(`${url}/signup`);
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe(email);
    await expect(page.getByLabel('New password').inputValue()).resolves.toBe('');
    await expect(page.getByLabel('New password').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('signup-password');
    expect(await page.locator('#signup-password-error').innerText()).toMatch(/breached|guess/);
    await snap(page, 'signup-errors');

    await submitForm(page, { 'New password': PASSWORD }, 'Create account');
    expect(page.url()).toBe(`${url}/login`);
    expect(await flashText(page)).toContain(`verification link to ${email}`);
    await snap(page, 'login');
  });

  it('logs in, shows the unverified banner, and resends the link', async () => {
    await logIn(page, url, email);
    expect(page.url()).toBe(`${url}/dashboard`);
    await expect(page.getByText('Please verify your email address').isVisible()).resolves.toBe(
      true,
    );
    await snap(page, 'dashboard-unverified');
    const resentAt = Date.now() - 1000;
    await page.getByRole('button', { name: 'Resend the link' }).click();
    await page.waitForLoadState('load');
    expect(await flashText(page)).toContain('new verification link');

    const link = await linkFromOutbox(stack.outbox, email, '/verify-email', resentAt);
    await page.goto(`${url}/verify-email/resend`);
    await snap(page, 'resend-verification');
    expect(link.startsWith(`${url}/verify-email?token=`)).toBe(true);
    await page.goto(link);
    await expectHeading(page, 'Verify your email address');
    await snap(page, 'verify-email');
    await page.getByRole('button', { name: 'Verify my email address' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${url}/dashboard`);
    expect(await flashText(page)).toContain('your email address is verified');
    await expect(page.getByText('Please verify your email address').count()).resolves.toBe(0);
    await snap(page, 'dashboard');
  });

  it('edits the profile', async () => {
    await submitForm(
      page,
      { 'First name (optional)': 'Grace', 'Last name (optional)': 'Hopper' },
      'Save profile',
    );
    expect(await flashText(page)).toContain('Your profile has been saved');
    await expectHeading(page, 'Hello, Grace');
    await expect(page.getByLabel('Last name (optional)').inputValue()).resolves.toBe('Hopper');
  });

  it('changes the password, refusing a wrong current one inline', async () => {
    await submitForm(
      page,
      { 'Current password': 'not my password', 'New password': 'quiet meadow copper kettle' },
      'Change password',
    );
    expect(await page.locator('#password-currentPassword-error').innerText()).toContain(
      'not your current password',
    );
    await snap(page, 'dashboard-errors');
    await submitForm(
      page,
      { 'Current password': password, 'New password': 'quiet meadow copper kettle' },
      'Change password',
    );
    expect(await flashText(page)).toContain('Your password has been changed');
    password = 'quiet meadow copper kettle';
    await logOut(page);
    await logIn(page, url, email, password);
    expect(page.url()).toBe(`${url}/dashboard`);
  });

  it('sets up 2FA with a code computed here, shows the recovery codes once, and logs in with it', async () => {
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.waitForLoadState('load');
    await expectHeading(page, 'Set up two-factor authentication');
    secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.getByRole('img', { name: /QR code/ }).isVisible()).resolves.toBe(true);
    await snap(page, 'two-factor-setup');

    await submitForm(
      page,
      { 'Authentication code': '000000' },
      'Turn on two-factor authentication',
    );
    expect(await page.locator('#mfa-enable-code-error').innerText()).toContain('not valid');
    expect(await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')).toBe(secret);

    await submitForm(
      page,
      { 'Authentication code': await freshCode(secret) },
      'Turn on two-factor authentication',
    );
    await expectHeading(page, 'Two-factor authentication is on');
    const codes = await page.locator('[data-recovery-codes] li').allInnerTexts();
    expect(codes).toHaveLength(10);
    recoveryCodes = codes;
    await snap(page, 'recovery-codes');

    await logOut(page);
    await page.goto(`${url}/login`);
    await submitForm(page, { 'Email address': email, Password: password }, 'Log in');
    expect(page.url()).toBe(`${url}/login/mfa`);
    await snap(page, 'login-mfa');
    await submitForm(page, { 'Authentication code': '123456' }, 'Verify and log in');
    expect(await page.locator('#mfa-code-error').innerText()).toContain('not valid');
    await submitForm(page, { 'Authentication code': await freshCode(secret) }, 'Verify and log in');
    expect(page.url()).toBe(`${url}/dashboard`);
    await expect(page.getByText('2FA on').first().isVisible()).resolves.toBe(true);

    // A recovery code works once, instead of the app.
    await logOut(page);
    await page.goto(`${url}/login`);
    await submitForm(page, { 'Email address': email, Password: password }, 'Log in');
    await submitForm(page, { 'Authentication code': codes[0] ?? '' }, 'Verify and log in');
    expect(page.url()).toBe(`${url}/dashboard`);
  });

  it('lists the sessions and signs out another device, which then has to log in again', async () => {
    const other = await browser.newContext({
      locale: 'en-US',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1',
    });
    const phone = await other.newPage();
    await phone.goto(`${url}/login`);
    await submitForm(phone, { 'Email address': email, Password: password }, 'Log in');
    await submitForm(phone, { 'Authentication code': recoveryCodes[1] ?? '' }, 'Verify and log in');
    expect(phone.url()).toBe(`${url}/dashboard`);

    await page.goto(`${url}/dashboard`);
    const sessions = page.locator('[data-session]');
    expect(await sessions.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText('Safari · iOS').isVisible()).resolves.toBe(true);
    await snap(page, 'dashboard-sessions');
    await page.getByRole('button', { name: 'Sign out Safari · iOS' }).click();
    await page.waitForLoadState('load');
    expect(await flashText(page)).toContain('That device has been signed out');
    await expect(page.getByText('Safari · iOS').count()).resolves.toBe(0);

    await phone.goto(`${url}/dashboard`);
    expect(phone.url()).toBe(`${url}/login`);
    await other.close();
  });

  it('signs out everywhere', async () => {
    await page.goto(`${url}/dashboard`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${url}/login`);
    expect(await flashText(page)).toContain('signed out on every device');
    await page.goto(`${url}/dashboard`);
    expect(page.url()).toBe(`${url}/login`);
  });

  it('resets a forgotten password from the emailed link', async () => {
    await page.goto(`${url}/forgot-password`);
    await snap(page, 'forgot-password');
    const askedAt = Date.now() - 1000;
    await submitForm(page, { 'Email address': email }, 'Send reset link');
    expect(page.url()).toBe(`${url}/login`);
    expect(await flashText(page)).toContain('we sent a link to reset the password');

    const link = await linkFromOutbox(stack.outbox, email, '/reset-password', askedAt);
    await page.goto(link);
    await snap(page, 'reset-password');
    await submitForm(page, { 'New password': 'grace' }, 'Change password');
    expect(await page.locator('#reset-password-error').innerText()).toMatch(
      /at least 8 characters/,
    );
    await submitForm(page, { 'New password': 'velvet harbour mosaic drum' }, 'Change password');
    expect(page.url()).toBe(`${url}/login`);
    expect(await flashText(page)).toContain('Your password has been changed');
    password = 'velvet harbour mosaic drum';

    await page.goto(`${url}/login`);
    await submitForm(page, { 'Email address': email, Password: password }, 'Log in');
    await submitForm(page, { 'Authentication code': recoveryCodes[2] ?? '' }, 'Verify and log in');
    expect(page.url()).toBe(`${url}/dashboard`);
  });

  it('turns 2FA off with the password and a code', async () => {
    await page.getByText('Turn off two-factor authentication').click();
    const form = page.locator('form[action="/dashboard/2fa/disable"]');
    await submitForm(
      page,
      { Password: password, 'Authentication code': await freshCode(secret) },
      'Turn off',
      form,
    );
    expect(await flashText(page)).toContain('Two-factor authentication is off');
  });

  it('speaks French after the switch, with French dates', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expectHeading(page, 'Bonjour, Grace');
    await expect(
      page.getByText(/membre depuis le \d{1,2} \p{L}+\.? \d{4}/u).isVisible(),
    ).resolves.toBe(true);
    await snap(page, 'dashboard-fr');
    await page.goto(`${url}/login?next=/dashboard`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });
});

async function expectHeading(page: Page, text: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(text);
}
