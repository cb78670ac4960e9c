import { login, registerUser, STRONG_PASSWORD } from './accounts';
import type { HttpClient } from './http-client';

export const ADMIN = { email: 'root@example.com', password: 'keeper of the keys 1' };

/** Env for an app that creates the bootstrap admin. */
export const ADMIN_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

/** A second admin, promoted by the bootstrap admin. */
export async function promotedAdmin(http: HttpClient, adminToken: string) {
  const account = await registerUser(http);
  const promoted = await http.request('PUT', `/users/${account.user.id}/roles`, {
    body: { roles: ['user', 'admin'] },
    token: adminToken,
  });
  if (promoted.status !== 200)
    throw new Error(`promote failed: ${promoted.status} ${promoted.text}`);
  return { ...account, tokens: await login(http, account.email, STRONG_PASSWORD) };
}
