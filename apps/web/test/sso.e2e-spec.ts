import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
// The same in-process OpenID Connect provider as auth-api's suites: these suites already run
// auth-api from its source (processes.ts), and a second copy of the provider would drift.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { TestProvider } from '../../auth-api/test/support/oidc/test-provider';
import { launchBrowser, snap, submitForm } from './support/browser';
import { flashText, PASSWORD, signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

/**
 * Single sign-on in a real browser with JavaScript off, against real auth-api and web
 * processes and a real OpenID Connect provider (oidc-provider, in a worker of this process).
 */
describe('single sign-on (browser, no JavaScript)', () => {
  let stack: Stack;
  let provider: TestProvider;
  let browser: Browser;
  let url: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack({}, async (webUrl) => {
      provider = await TestProvider.start([`${webUrl}/auth/sso/test/callback`]);
      return { SSO_PROVIDERS: 'test', ...provider.env('test', 'Test ID') };
    });
    url = stack.web.url;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    contexts.push(context);
    return context.newPage();
  }

  async function providerAccount(email: string): Promise<string> {
    const sub = `sub-${randomBytes(6).toString('hex')}`;
    await provider.account(sub, { email, email_verified: true });
    return sub;
  }

  /** From the login page: the provider button, then sign in at the provider as `sub`. */
  async function continueWithProvider(page: Page, sub: string): Promise<void> {
    await page.goto(`${url}/login`);
    await page.getByRole('button', { name: 'Continue with Test ID' }).click();
    // A page with a meta refresh (the CSP's form-action keeps a form from redirecting away).
    await page.waitForURL(/\/interaction\//);
    await submitForm(page, { Account: sub }, 'Continue');
  }

  const identitiesOf = (sub: string) => {
    const db = new Database(stack.databasePath, { readonly: true, timeout: 5_000 });
    try {
      return db.prepare('SELECT user_id FROM user_identities WHERE subject = ?').all(sub);
    } finally {
      db.close();
    }
  };

  let ssoOnly: Page;
  let linkedUser: Page;
  let adaSub = '';

  it('creates an account through the provider button and shows it on the dashboard', async () => {
    ssoOnly = await newPage();
    await ssoOnly.goto(`${url}/login`);
    await snap(ssoOnly, 'sso-login');
    const sub = await providerAccount(uniqueEmail('grace'));
    await continueWithProvider(ssoOnly, sub);
    expect(new URL(ssoOnly.url()).pathname).toBe('/dashboard');
    const section = ssoOnly.locator('#linked-accounts');
    await expect(section.locator('[data-identity="test"]').innerText()).resolves.toContain(
      'Test ID',
    );
    // No password and no passkey: the password card names the way it does sign in.
    await expect(ssoOnly.locator('#password').innerText()).resolves.toContain(
      'it signs in with a passkey or a linked account',
    );
    await section.scrollIntoViewIfNeeded();
    await snap(ssoOnly, 'sso-linked-accounts');
  });

  it('links a provider account to an existing account once its owner signs in with the password', async () => {
    linkedUser = await newPage();
    const email = uniqueEmail('ada');
    await signUp(linkedUser, url, email);
    const sub = (adaSub = await providerAccount(email));
    await continueWithProvider(linkedUser, sub);
    expect(new URL(linkedUser.url()).pathname).toBe('/auth/sso/link');
    await expect(linkedUser.locator('[data-link-lead]').innerText()).resolves.toContain(email);
    await snap(linkedUser, 'sso-link-account');
    expect(identitiesOf(sub)).toEqual([]);
    await submitForm(linkedUser, { Password: PASSWORD }, 'Link and continue');
    expect(new URL(linkedUser.url()).pathname).toBe('/dashboard');
    await expect(flashText(linkedUser)).resolves.toContain('The provider account is linked');
    expect(identitiesOf(sub)).toHaveLength(1);
  });

  it('refuses the link without the password of the account', async () => {
    const page = await newPage();
    const email = uniqueEmail('mallory-target');
    await signUp(page, url, email);
    const attacker = await newPage();
    const sub = await providerAccount(email);
    await continueWithProvider(attacker, sub);
    expect(new URL(attacker.url()).pathname).toBe('/auth/sso/link');
    await submitForm(attacker, { Password: 'not the password at all' }, 'Link and continue');
    expect(new URL(attacker.url()).pathname).toBe('/auth/sso/link');
    await expect(attacker.locator('body').innerText()).resolves.toMatch(/incorrect|invalid/i);
    expect(identitiesOf(sub)).toEqual([]);
  });

  it('shows the error page for a callback whose state was tampered with', async () => {
    const page = await newPage();
    const sub = await providerAccount(uniqueEmail('eve'));
    // The browser starts the flow (it holds the flow cookie); the provider's part is played
    // outside it, so that the callback can be changed before the browser brings it back.
    let arrived: (url: string) => void = () => undefined;
    const authorizationUrl = new Promise<string>((resolve) => (arrived = resolve));
    await page.route(
      (target) => target.href.startsWith(provider.issuer),
      async (route) => {
        arrived(route.request().url());
        await route.abort();
      },
    );
    await page.goto(`${url}/login`);
    await page.getByRole('button', { name: 'Continue with Test ID' }).click();
    const authorization = await authorizationUrl;
    await page.unrouteAll();
    const callback = await provider.signIn(authorization, sub, `${url}/auth/sso/test/callback`);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const response = await page.goto(forged.href);
    expect(response?.status()).toBe(400);
    await expect(page.locator('[data-sso-error]').innerText()).resolves.toContain(
      'could not be trusted',
    );
    expect(identitiesOf(sub)).toEqual([]);
  });

  it('unlinks a provider, but not the last way to sign in', async () => {
    await linkedUser.goto(`${url}/dashboard`);
    await linkedUser
      .locator('[data-identity="test"]')
      .getByRole('button', { name: 'Unlink' })
      .click();
    await linkedUser.waitForLoadState('load');
    await expect(flashText(linkedUser)).resolves.toContain('unlinked');
    await expect(linkedUser.locator('[data-identity]').count()).resolves.toBe(0);

    await ssoOnly.goto(`${url}/dashboard`);
    await ssoOnly.locator('[data-identity="test"]').getByRole('button', { name: 'Unlink' }).click();
    await ssoOnly.waitForLoadState('load');
    await expect(flashText(ssoOnly)).resolves.toContain('last way to sign in');
    await expect(ssoOnly.locator('[data-identity="test"]').count()).resolves.toBe(1);
  });

  it('links a provider again from the dashboard (signed in recently)', async () => {
    await linkedUser.goto(`${url}/dashboard`);
    await linkedUser.getByRole('button', { name: 'Link Test ID' }).click();
    // The provider still has this browser signed in (as adaSub): it answers at once.
    await linkedUser.waitForURL(`${url}/dashboard#linked-accounts`);
    await expect(flashText(linkedUser)).resolves.toContain('The provider account is linked');
    await expect(linkedUser.locator('[data-identity="test"]').count()).resolves.toBe(1);
    expect(identitiesOf(adaSub)).toHaveLength(1);
  });
});
