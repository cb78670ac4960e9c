import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { ROOT } from './processes';

export const SCREENSHOTS = join(ROOT, 'dist', 'screenshots');

/**
 * Debian's Chromium, headless. Playwright gives each launch a fresh temporary profile
 * (its own --user-data-dir), removed on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
];

/** A full-page screenshot of the current page at 1280 px and 390 px: dist/screenshots/<name>-<viewport>.png. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${viewport.name}.png`),
      fullPage: true,
      animations: 'disabled',
    });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * Fills a form by its labels and submits it with its submit button, waiting for the next page.
 * `within` narrows the search to one form when labels repeat on the page.
 */
export async function submitForm(
  page: Page,
  fields: Record<string, string>,
  button: string | RegExp,
  within: Page | Locator = page,
): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await within
      .getByLabel(label, { exact: true })
      .and(within.locator('input, select, textarea'))
      .fill(value);
  }
  await within.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState('load');
}
