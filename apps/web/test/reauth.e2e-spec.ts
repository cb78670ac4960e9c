import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, snap, submitForm } from './support/browser';
import { flashText, freshCode, logIn, PASSWORD, signUp, uniqueEmail } from './support/flows';
import { linkFromOutbox } from './support/outbox';
import { type Stack, startStack } from './support/processes';

/**
 * Moves every sign-in and re-authentication in auth-api's database an hour back, past
 * REAUTH_MAX_AGE_SECONDS (5 minutes): the session is old at once, and a confirmation made
 * after it stays fresh however slow the machine is (a 3-second window flaked under load).
 */
function letItAge(databasePath: string): void {
  const db = new Database(databasePath, { timeout: 5_000 });
  try {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace('T', ' ');
    db.prepare('UPDATE refresh_tokens SET created_at = ?').run(hourAgo.replace('Z', ''));
    db.prepare('UPDATE session_auth_times SET authenticated_at = ?').run(hourAgo.replace('Z', ''));
  } finally {
    db.close();
  }
}

/**
 * "Confirm it's you" (ASVS 7.5.1, 7.5.2) in a real browser with JavaScript off: once the
 * sign-in is older than REAUTH_MAX_AGE_SECONDS, a sensitive action goes through the confirm
 * page and back to the page it came from. The steps build on each other, in order.
 */
describe('confirm it is you before sensitive actions (browser, no JavaScript)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  let email = uniqueEmail('hedy');
  /** Recovery codes not used yet: each logs in or confirms once (no wait for a new TOTP step). */
  let recoveryCodes: string[] = [];
  const recoveryCode = () => recoveryCodes.shift() ?? '';
  /** Logs in with the password and a recovery code. */
  const logInWithCode = async (p: Page) => {
    await p.goto(`${url}/login`);
    await submitForm(p, { 'Email address': email, Password: PASSWORD }, 'Log in');
    await submitForm(p, { 'Authentication code': recoveryCode() }, 'Verify and log in');
  };

  beforeAll(async () => {
    stack = await startStack();
    url = stack.web.url;
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    page = await context.newPage();
    await signUp(page, url, email);
    await logIn(page, url, email);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const heading = (p: Page = page) => p.getByRole('heading', { level: 1 }).innerText();
  const setUp2fa = async () => {
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.waitForLoadState('load');
  };

  it('sends an old sign-in to the confirm page for 2FA setup, refuses a wrong password, then returns', async () => {
    expect(page.url()).toBe(`${url}/dashboard`);
    letItAge(stack.databasePath);
    await setUp2fa();
    expect(page.url()).toBe(`${url}/confirm?next=%2Fdashboard`);
    await expect(heading()).resolves.toBe("Confirm it's you");
    await snap(page, 'confirm');

    await submitForm(page, { Password: 'not my password' }, 'Confirm');
    expect(page.url()).toBe(`${url}/confirm?next=%2Fdashboard`);
    expect(await page.locator('#confirm-password-error').innerText()).toContain(
      'not your current password',
    );

    await submitForm(page, { Password: PASSWORD }, 'Confirm');
    expect(page.url()).toBe(`${url}/dashboard`);
    expect(await flashText(page)).toContain('You can go ahead');
    await setUp2fa();
    await expect(heading()).resolves.toBe('Set up two-factor authentication');
    const secret =
      (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
    await submitForm(
      page,
      { 'Authentication code': await freshCode(secret) },
      'Turn on two-factor authentication',
    );
    await expect(heading()).resolves.toBe('Two-factor authentication is on');
    recoveryCodes = await page.locator('[data-recovery-codes] li').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
  });

  it('keeps `next` on this site', async () => {
    for (const hostile of ['https://evil.example/', '//evil.example/x', '/.//evil.example/x']) {
      await page.goto(`${url}/confirm?next=${encodeURIComponent(hostile)}`);
      await expect(
        page.locator('form[action="/confirm"] input[name="next"]').getAttribute('value'),
      ).resolves.toBe('/dashboard');
    }
    await submitForm(page, { Password: PASSWORD }, 'Confirm');
    expect(page.url()).toBe(`${url}/dashboard`);
  });

  it('asks again before signing out another device', async () => {
    const phoneContext = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const phone = await phoneContext.newPage();
    await logInWithCode(phone);
    expect(phone.url()).toBe(`${url}/dashboard`);
    letItAge(stack.databasePath);

    await page.goto(`${url}/dashboard`);
    const signOutOther = page.locator('form[action$="/revoke"] button');
    await expect(signOutOther.count()).resolves.toBe(1);
    await signOutOther.click();
    await page.waitForLoadState('load');
    await expect(heading()).resolves.toBe("Confirm it's you");
    await phone.goto(`${url}/dashboard`);
    expect(phone.url()).toBe(`${url}/dashboard`); // not signed out yet

    await submitForm(page, { Password: PASSWORD }, 'Confirm');
    await page.locator('form[action$="/revoke"] button').click();
    await page.waitForLoadState('load');
    expect(await flashText(page)).toContain('That device has been signed out');
    await phone.goto(`${url}/dashboard`);
    expect(phone.url()).toMatch(new RegExp(`^${url}/login`));
    await phoneContext.close();
  });

  it('confirms with a recovery code (2FA on) before giving new recovery codes', async () => {
    letItAge(stack.databasePath);
    await page.goto(`${url}/dashboard`);
    const regenerate = () => page.getByRole('button', { name: 'Get new recovery codes' }).click();
    await regenerate();
    await page.waitForLoadState('load');
    await expect(heading()).resolves.toBe("Confirm it's you");
    await expect(page.getByText('or a code from your authenticator app').isVisible()).resolves.toBe(
      true,
    );
    await snap(page, 'confirm-mfa');
    await submitForm(page, { 'Authentication code': recoveryCode() }, 'Confirm');
    expect(page.url()).toBe(`${url}/dashboard`);
    await regenerate();
    await page.waitForLoadState('load');
    await expect(heading()).resolves.toBe('Your new recovery codes');
    const fresh = await page.locator('[data-recovery-codes] li').allInnerTexts();
    expect(fresh).toHaveLength(10);
    const old = recoveryCodes;
    recoveryCodes = fresh;

    // The earlier codes stopped working.
    const otherContext = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const other = await otherContext.newPage();
    await other.goto(`${url}/login`);
    await submitForm(other, { 'Email address': email, Password: PASSWORD }, 'Log in');
    await submitForm(other, { 'Authentication code': old[0] ?? '' }, 'Verify and log in');
    expect(other.url()).toBe(`${url}/login/mfa`);
    await otherContext.close();
  });

  it('changes the email through the confirm page and the link mailed to the new address', async () => {
    const newEmail = uniqueEmail('hedy-new');
    letItAge(stack.databasePath);
    await page.goto(`${url}/dashboard`);
    await submitForm(page, { 'New email address': newEmail }, 'Change email address');
    await expect(heading()).resolves.toBe("Confirm it's you");
    await submitForm(page, { Password: PASSWORD }, 'Confirm');
    expect(page.url()).toBe(`${url}/dashboard`);
    const askedAt = Date.now() - 1000;
    await submitForm(page, { 'New email address': newEmail }, 'Change email address');
    expect(await flashText(page)).toContain(`confirmation link to ${newEmail}`);

    const link = await linkFromOutbox(stack.outbox, newEmail, '/confirm-email-change', askedAt);
    await page.goto(link);
    await expect(heading()).resolves.toBe('Confirm your new email address');
    await page.getByRole('button', { name: 'Confirm the new address' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${url}/login`);
    expect(await flashText(page)).toContain('Your email address has changed');
    email = newEmail;
    await logInWithCode(page);
    expect(page.url()).toBe(`${url}/dashboard`);
  });
});
