import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { submitForm } from './browser';
import { totp } from './totp';

export const PASSWORD = 'correct horse battery staple';
export const uniqueEmail = (prefix: string) =>
  `${prefix}-${randomBytes(3).toString('hex')}@example.com`;

/** TOTP codes are single use (ASVS 6.5.1): remembers the last one sent, waits for a new step. */
const usedCodes = new Set<string>();
export async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const code = totp(secret);
    if (!usedCodes.has(`${secret}:${code}`)) {
      usedCodes.add(`${secret}:${code}`);
      return code;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function signUp(
  page: Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await submitForm(page, { 'Email address': email, 'New password': password }, 'Create account');
}

/** Logs in through the form, with the 2FA step when a secret is given. */
export async function logIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
  totpSecret?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await submitForm(page, { 'Email address': email, Password: password }, 'Log in');
  if (totpSecret) {
    await submitForm(
      page,
      { 'Authentication code': await freshCode(totpSecret) },
      'Verify and log in',
    );
  }
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Log out' }).click();
  await page.waitForLoadState('load');
}

/** The text of the flash message (role status/alert under the header). */
export const flashText = (page: Page) =>
  page.locator('main > div:first-child [role]').first().innerText();
