import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

interface PasswordField {
  id: string;
  type: string;
  autocomplete: string;
  maxLength: number;
}

/** Every password input of the page as the browser sees it. */
const passwordFields = (page: Page) =>
  page.evaluate<PasswordField[]>(`[...document.querySelectorAll('input[name*="assword" i]')]
    .map((i) => ({ id: i.id, type: i.type, autocomplete: i.autocomplete, maxLength: i.maxLength }))`);

/**
 * ASVS 6.2.6 / 6.2.7 in Chromium: password fields are masked, name their purpose for password
 * managers, take long passwords, may be revealed on request, and accept a pasted value.
 */
describe('password fields (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    stack = await startStack();
    url = stack.web.url;
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const pages: [string, string, string[]][] = [
    ['sign-up', '/signup', ['new-password']],
    ['log-in', '/login', ['current-password']],
    ['reset', '/reset-password?token=' + 'A'.repeat(43), ['new-password']],
  ];

  it.each(pages)('%s: masked, purpose named, no length cap under 64', async (_, path, purposes) => {
    await page.goto(`${url}${path}`);
    const fields = await passwordFields(page);
    expect(fields.map((f) => f.autocomplete)).toEqual(purposes);
    for (const field of fields) {
      expect(field.type).toBe('password');
      // -1: no maxlength at all.
      expect(field.maxLength === -1 || field.maxLength >= 64).toBe(true);
    }
  });

  it('reveals a password on request and masks it again', async () => {
    await page.goto(`${url}/login`);
    const input = page.locator('#login-password');
    const toggle = page.getByRole('button', { name: 'Show' });
    await toggle.click();
    await expect(input.getAttribute('type')).resolves.toBe('text');
    await page.getByRole('button', { name: 'Hide' }).click();
    await expect(input.getAttribute('type')).resolves.toBe('password');
  });

  it('lets a pasted password through and signs in with it', async () => {
    const email = uniqueEmail('paste');
    await signUp(page, url, email);
    await page.goto(`${url}/login`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    const field = page.getByLabel('Password', { exact: true });
    await field.focus();
    // A real paste event: nothing on the page may cancel it.
    const cancelled = await field.evaluate((element) => {
      // Runs in the page; the test's TypeScript has no DOM types, hence these shapes.
      const dom = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, value: string): void };
        ClipboardEvent: new (type: string, init: object) => object;
      };
      const input = element as unknown as { dispatchEvent(event: object): boolean; value: string };
      const data = new dom.DataTransfer();
      data.setData('text/plain', 'correct horse battery staple');
      const paste = new dom.ClipboardEvent('paste', {
        clipboardData: data,
        cancelable: true,
        bubbles: true,
      });
      const allowed = input.dispatchEvent(paste);
      if (allowed) input.value = 'correct horse battery staple';
      return !allowed;
    });
    expect(cancelled).toBe(false);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${url}/dashboard`);
  });

  it('dashboard: the change-password form names current and new passwords', async () => {
    // Signed in by the test before.
    await page.goto(`${url}/dashboard`);
    const fields = await passwordFields(page);
    expect(fields.map((f) => f.autocomplete)).toEqual(
      expect.arrayContaining(['current-password', 'new-password']),
    );
    for (const field of fields) expect(field.type).toBe('password');
  });
});
