import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, submitForm } from './support/browser';
import { PASSWORD, signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

/**
 * Hostile `next` values in a real browser against real auth-api and web processes: whatever
 * the link, the browser never leaves the site. Every request to another origin is recorded and
 * refused, so nothing is looked up or fetched elsewhere.
 */
// A sample of test/support/hostile-next.ts: a login here takes seconds, and the unit and
// in-process suites run the whole table through every entry point.
const SAMPLE = [
  '//evil.example/x',
  '/.//evil.example/phish',
  '/%2e//evil.example',
  '/%2f%2fevil.example',
  '/%252f%252fevil.example',
  '/\\evil.example',
  '/\t/evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  '/\uff0f\uff0fevil.example',
  '/%',
];

describe('redirects (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  const email = uniqueEmail('ada');

  beforeAll(async () => {
    stack = await startStack();
    origin = new URL(stack.web.url).origin;
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US' });
    await signUp(await context.newPage(), stack.web.url, email);
    await context.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A fresh browser profile whose requests to any other origin are recorded and aborted. */
  async function guardedPage(): Promise<{
    page: Page;
    offSite: string[];
    context: BrowserContext;
  }> {
    const context = await browser.newContext({ locale: 'en-US' });
    const offSite: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      offSite.push(url);
      return route.abort('blockedbyclient');
    });
    return { page: await context.newPage(), offSite, context };
  }

  it.each(SAMPLE)('logs in from /login?next=%j and lands on the dashboard', async (next) => {
    const { page, offSite, context } = await guardedPage();
    try {
      await page.goto(`${stack.web.url}/login?next=${encodeURIComponent(next)}`);
      await submitForm(page, { 'Email address': email, Password: PASSWORD }, 'Log in');
      expect(offSite).toEqual([]);
      expect(page.url()).toBe(`${stack.web.url}/dashboard`);
    } finally {
      await context.close();
    }
  });

  it.each(['/.//evil.example/phish', '/%2e//evil.example', '/x/%2e%2e%2f%2fevil.example'])(
    'switches language on the page at %j and stays on the site',
    async (path) => {
      const { page, offSite, context } = await guardedPage();
      try {
        await page.goto(stack.web.url + path);
        await page.getByRole('button', { name: 'Français' }).click();
        await page.waitForLoadState('load');
        expect(offSite).toEqual([]);
        expect(new URL(page.url()).origin).toBe(origin);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
      } finally {
        await context.close();
      }
    },
  );
});
