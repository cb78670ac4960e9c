import Database from 'better-sqlite3';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchBrowser, snap } from './support/browser';
import { flashText, logIn, logOut, signUp, uniqueEmail } from './support/flows';
import { freePort, type Stack, startStack } from './support/processes';

/** Moves every sign-in and re-authentication an hour back, past REAUTH_MAX_AGE_SECONDS. */
function letItAge(databasePath: string): void {
  const db = new Database(databasePath, { timeout: 5_000 });
  try {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace('T', ' ').slice(0, 23);
    db.prepare('UPDATE refresh_tokens SET created_at = ?').run(hourAgo);
    db.prepare('UPDATE session_auth_times SET authenticated_at = ?').run(hourAgo);
  } finally {
    db.close();
  }
}

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle: string;
  signCount: number;
}

/**
 * Passkeys in real Chromium, with the DevTools Protocol's virtual authenticator (a platform
 * authenticator that verifies the user), against real auth-api and web processes. The site is
 * opened at http://localhost:<port>, the one origin in WEBAUTHN_ORIGINS. The steps build on
 * each other, in order.
 */
describe('passkeys in the browser (virtual authenticator)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let url: string;
  const email = uniqueEmail('grace');

  const audit = (type: string): number => {
    const db = new Database(stack.databasePath, { readonly: true, timeout: 5_000 });
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM audit_events WHERE type = ?').get(type) as {
        n: number;
      };
      return row.n;
    } finally {
      db.close();
    }
  };
  const credentials = async () =>
    (
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
        credentials: VirtualCredential[];
      }
    ).credentials;
  const passkeyError = (p: Page) => p.locator('[data-passkey-error]:visible').first();
  /**
   * Chromium's virtual authenticator answers a conditional (autofill) request by itself, as
   * soon as the login page asks. Outside the autofill test the login page is served without
   * the `webauthn` autofill hint, so only the button starts a ceremony.
   */
  const AUTOFILL_HINT = 'autocomplete="username webauthn"';
  const withoutAutofill = () =>
    page.route(/\/login(\?|$)/, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(AUTOFILL_HINT, 'autocomplete="username"');
      await route.fulfill({ response, body: html });
    });

  beforeAll(async () => {
    const webPort = await freePort();
    url = `http://localhost:${webPort}`;
    stack = await startStack({}, { WEBAUTHN_ORIGINS: url, WEB_BASE_URL: url }, webPort);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
    await signUp(page, url, email);
    await withoutAutofill();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('offers a passkey sign-in on the login page where WebAuthn works, and hides it without JavaScript', async () => {
    await page.goto(`${url}/login`);
    await expect(
      page.getByRole('button', { name: 'Sign in with a passkey' }).isVisible(),
    ).resolves.toBe(true);
    await page.unrouteAll();
    await page.goto(`${url}/login`);
    expect(await page.getByLabel('Email address').getAttribute('autocomplete')).toBe(
      'username webauthn',
    );
    await snap(page, 'passkeys-login');
    await withoutAutofill();
    const noScript = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${url}/login`);
    expect(await plain.getByRole('button', { name: 'Sign in with a passkey' }).isVisible()).toBe(
      false,
    );
    expect(await plain.getByRole('button', { name: 'Log in', exact: true }).isVisible()).toBe(true);
    await noScript.close();
  });

  it('adds a passkey from the dashboard and lists it', async () => {
    await logIn(page, url, email);
    await page.getByLabel('Name of the new passkey (optional)').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/dashboard/);
    await page.locator('[data-passkey-list]').getByText('Laptop', { exact: true }).waitFor();
    expect(await flashText(page)).toContain('Your passkey has been added.');
    expect(await credentials()).toHaveLength(1);
    expect(audit('passkey.added')).toBe(1);
    await page.locator('#passkeys').scrollIntoViewIfNeeded();
    await snap(page, 'passkeys-dashboard');
  });

  it('signs in with the passkey button, no password typed', async () => {
    await logOut(page);
    await page.goto(`${url}/login`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${url}/dashboard`);
    expect(await page.getByRole('heading', { name: 'Passkeys' }).isVisible()).toBe(true);
  });

  it('signs in through the browser’s autofill (conditional mediation)', async () => {
    await logOut(page);
    const before = audit('login.succeeded');
    await page.unrouteAll();
    try {
      // No click: the page's conditional request is pending, and the virtual authenticator
      // picks the passkey as a person would from the email field's suggestions.
      await page.goto(`${url}/login`);
      await page.waitForURL(`${url}/dashboard`, { timeout: 15_000 });
    } finally {
      await withoutAutofill();
    }
    expect(audit('login.succeeded')).toBe(before + 1);
  });

  it('refuses a page served from an origin outside WEBAUTHN_ORIGINS, with a clear message', async () => {
    await logOut(page);
    const other = url.replace('localhost', '127.0.0.1');
    await page.unrouteAll();
    try {
      // Autofill on: its attempt fails at once on this origin, and says nothing unasked.
      await page.goto(`${other}/login`);
      await page.locator('[data-passkey-signin][data-autofill="off"]').waitFor();
      expect(await page.locator('[data-passkey-error]:visible').count()).toBe(0);
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      await withoutAutofill();
    }
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(passkeyError(page).innerText()).resolves.toContain(
      'Passkeys do not work on this address',
    );
    expect(page.url()).toContain('/login');
  });

  it('refuses a cloned credential whose counter went backwards, and audits it', async () => {
    const [original] = await credentials();
    if (!original) throw new Error('no credential');
    expect(original.signCount).toBeGreaterThan(1);
    await cdp.send('WebAuthn.removeCredential', {
      authenticatorId,
      credentialId: original.credentialId,
    });
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: { ...original, signCount: 0 },
    });
    await page.goto(`${url}/login`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(passkeyError(page).innerText()).resolves.toContain(
      'signature counter went backwards',
    );
    expect(page.url()).toContain('/login');
    expect(audit('passkey.counter_regressed')).toBe(1);
  });

  it('removes the passkey from the dashboard', async () => {
    await logIn(page, url, email);
    await page.getByRole('button', { name: 'Remove Laptop' }).click();
    await page.waitForLoadState('load');
    expect(await flashText(page)).toContain('The passkey has been removed.');
    expect(await page.getByText('You have no passkeys yet.').isVisible()).toBe(true);
    expect(audit('passkey.removed')).toBe(1);
  });

  it('goes passwordless, then confirms a sensitive step with the passkey alone', async () => {
    await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    await page.getByLabel('Name of the new passkey (optional)').fill('Phone');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.locator('[data-passkey-list]').getByText('Phone', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Remove password' }).click();
    await page.waitForLoadState('load');
    expect(await flashText(page)).toContain('Your password has been removed.');
    expect(await page.getByRole('link', { name: 'Set a password via email' }).isVisible()).toBe(
      true,
    );
    expect(await page.getByRole('button', { name: 'Change password' }).count()).toBe(0);
    expect(audit('password.removed')).toBe(1);

    letItAge(stack.databasePath);
    await page.reload();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/confirm\?next=/);
    expect(await page.getByLabel('Password').count()).toBe(0);
    await page.getByRole('button', { name: 'Confirm with a passkey' }).click();
    await page.waitForURL(`${url}/dashboard#passkeys`);
    expect(await flashText(page)).toContain('Thank you.');
    expect(audit('reauth.succeeded')).toBeGreaterThanOrEqual(1);
  });
});
