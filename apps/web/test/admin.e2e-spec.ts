import type { Browser, Page } from 'playwright-core';
import { launchBrowser, snap, submitForm } from './support/browser';
import { flashText, logIn, PASSWORD, signUp, uniqueEmail } from './support/flows';
import { type Stack, startStack } from './support/processes';

/** An administrator at work, and what the people they manage then see. */
describe('administration (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Page;
  let member: Page;
  let url: string;
  const email = uniqueEmail('linus');
  let memberPath = '';

  beforeAll(async () => {
    stack = await startStack();
    url = stack.web.url;
    browser = await launchBrowser();
    admin = await (await browser.newContext({ locale: 'en-US' })).newPage();
    member = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signUp(member, url, email);
    await logIn(member, url, email);
    await logIn(admin, url, stack.admin.email, stack.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses the admin pages to a member with the 403 page', async () => {
    const response = await member.goto(`${url}/admin`);
    expect(response?.status()).toBe(403);
    await expect(member.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'You do not have access to this page',
    );
    await expect(member.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await snap(member, 'error-403');
  });

  it('shows the overview: counts and 30 days of sign-ups and logins', async () => {
    await admin.goto(`${url}/admin`);
    const stats = await admin.locator('dl dd').allInnerTexts();
    expect(stats).toEqual(['2', '2', '1', '1']);
    expect(await admin.locator('figure svg rect.fill-indigo-600').count()).toBe(30);
    expect(await admin.locator('figure svg rect.fill-teal-500').count()).toBe(30);
    await expect(
      admin.getByText('Last 30 days — sign-ups: 1, logins: 2.').isVisible(),
    ).resolves.toBe(true);
    await snap(admin, 'admin-overview');
  });

  it('searches and pages the users table', async () => {
    await admin.goto(`${url}/admin/users`);
    expect(await admin.locator('tbody tr').count()).toBe(2);
    await snap(admin, 'admin-users');
    await submitForm(admin, { 'Search users': 'linus' }, 'Search');
    expect(admin.url()).toBe(`${url}/admin/users?q=linus`);
    const rows = admin.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await admin.getByRole('link', { name: email }).click();
    await admin.waitForLoadState('load');
    memberPath = new URL(admin.url()).pathname;
    expect(memberPath).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
    await snap(admin, 'admin-user');
  });

  it('deactivates a user, who is signed out at once and refused at login', async () => {
    await admin.getByRole('button', { name: 'Deactivate account' }).click();
    await admin.waitForLoadState('load');
    expect(await flashText(admin)).toContain('deactivated');
    await expect(admin.getByText('Deactivated').first().isVisible()).resolves.toBe(true);

    await member.goto(`${url}/dashboard`);
    expect(member.url()).toBe(`${url}/login`);
    await submitForm(member, { 'Email address': email, Password: PASSWORD }, 'Log in');
    expect(member.url()).toBe(`${url}/login`);
    await expect(member.getByRole('alert').innerText()).resolves.toContain(
      'This account has been deactivated',
    );
    await snap(member, 'login-refused');

    await admin.getByRole('button', { name: 'Activate account' }).click();
    await admin.waitForLoadState('load');
    await logIn(member, url, email);
    expect(member.url()).toBe(`${url}/dashboard`);
  });

  it('sets roles as a complete set', async () => {
    await admin.getByLabel('admin', { exact: true }).check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.waitForLoadState('load');
    expect(await flashText(admin)).toContain('Roles saved');
    await expect(admin.getByLabel('admin', { exact: true }).isChecked()).resolves.toBe(true);
    await member.goto(`${url}/admin`);
    await expect(member.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Administration',
    );

    await admin.getByLabel('admin', { exact: true }).uncheck();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.waitForLoadState('load');
    expect((await member.goto(`${url}/admin`))?.status()).toBe(403);
  });

  it('keeps the user role when every box is unticked, and says why', async () => {
    // An empty set once made the user an admin: auth-api matched every role.
    await admin.getByLabel('admin', { exact: true }).uncheck();
    await admin.getByLabel('user', { exact: true }).uncheck();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.waitForLoadState('load');
    expect(await flashText(admin)).toContain('Every account keeps the user role');
    await expect(admin.getByLabel('user', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(admin.getByLabel('admin', { exact: true }).isChecked()).resolves.toBe(false);
    expect((await member.goto(`${url}/admin`))?.status()).toBe(403);
  });

  it('ends every session of a user after a confirmation: signed out at once, free to log in again', async () => {
    // The form is CSRF-protected: the same post without the page's token changes nothing.
    const forged = await admin
      .context()
      .request.post(`${url}${memberPath}/end-sessions`, { form: {} });
    expect(forged.status()).toBe(403);
    await member.goto(`${url}/dashboard`);
    expect(member.url()).toBe(`${url}/dashboard`);

    await admin.goto(`${url}${memberPath}`);
    await admin.getByRole('link', { name: 'End all sessions…' }).click();
    await admin.waitForLoadState('load');
    await expect(admin.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'End every session of this account?',
    );
    await snap(admin, 'admin-end-sessions');
    await admin.getByRole('button', { name: 'Yes, end all sessions' }).click();
    await admin.waitForLoadState('load');
    expect(admin.url()).toBe(`${url}${memberPath}`);
    expect(await flashText(admin)).toContain('Sessions ended: 1.');
    await expect(
      admin.locator('tbody tr td:nth-child(2)', { hasText: 'user.sessions_ended' }).count(),
    ).resolves.toBe(1);

    await member.goto(`${url}/dashboard`);
    expect(member.url()).toBe(`${url}/login`);
    await logIn(member, url, email);
    expect(member.url()).toBe(`${url}/dashboard`);
  });

  it('protects the administrator from locking themself out', async () => {
    await admin.goto(`${url}/admin/users?q=admin%40example.com`);
    await admin.getByRole('link', { name: stack.admin.email }).click();
    await admin.waitForLoadState('load');
    await expect(admin.getByText('You', { exact: true }).isVisible()).resolves.toBe(true);
    await admin.getByRole('button', { name: 'Deactivate account' }).click();
    await admin.waitForLoadState('load');
    expect(await flashText(admin)).toContain('You cannot do that to your own account');
  });

  it('filters the audit log', async () => {
    await admin.goto(`${url}/admin/audit`);
    expect(await admin.locator('tbody tr').count()).toBeGreaterThan(3);
    await admin.getByLabel('Event type').selectOption('user.deactivated');
    await admin.getByRole('button', { name: 'Filter', exact: true }).click();
    await admin.waitForLoadState('load');
    expect(admin.url()).toContain('type=user.deactivated');
    const types = await admin.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(types.length).toBeGreaterThanOrEqual(1);
    expect(new Set(types)).toEqual(new Set(['user.deactivated']));
    await snap(admin, 'admin-audit');

    await admin.goto(`${url}/admin/audit?userId=not-a-uuid`);
    await expect(admin.locator('#userId-error').innerText()).resolves.toContain('complete user id');
  });

  it('deletes a user after a confirmation page', async () => {
    await admin.goto(`${url}${memberPath}`);
    await admin.getByRole('link', { name: 'Delete account…' }).click();
    await admin.waitForLoadState('load');
    await expect(admin.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Delete this account?',
    );
    await snap(admin, 'admin-delete');
    await admin.getByRole('button', { name: 'Yes, delete the account' }).click();
    await admin.waitForLoadState('load');
    expect(admin.url()).toBe(`${url}/admin/users`);
    expect(await flashText(admin)).toContain('The account has been deleted');
    await expect(admin.getByRole('link', { name: email }).count()).resolves.toBe(0);
    await member.goto(`${url}/dashboard`);
    expect(member.url()).toBe(`${url}/login`);
  });

  it('answers an unknown user with the 404 page', async () => {
    const response = await admin.goto(`${url}/admin/users/0b6f7c1e-4a9d-4f43-9a51-2d1b5c9e7f10`);
    expect(response?.status()).toBe(404);
    await snap(admin, 'error-404');
  });
});
