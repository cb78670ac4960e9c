import { randomBytes } from 'node:crypto';
import type { HttpClient } from './http-client';

export const STRONG_PASSWORD = 'correct horse battery staple';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${randomBytes(4).toString('hex')}@example.com`;

/** Registers a fresh account and returns its credentials and response body. */
export async function registerUser(http: HttpClient, overrides: Record<string, unknown> = {}) {
  const email = (overrides['email'] as string | undefined) ?? uniqueEmail();
  const password = (overrides['password'] as string | undefined) ?? STRONG_PASSWORD;
  const response = await http.post('/auth/register', { email, password, ...overrides });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${response.text}`);
  return { email, password, user: response.body as { id: string; email: string } };
}

export async function login(
  http: HttpClient,
  email: string,
  password = STRONG_PASSWORD,
): Promise<TokenPair> {
  const response = await http.post<TokenPair>('/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  return response.body;
}

/** A registered and logged-in account. */
export async function signedInUser(http: HttpClient) {
  const account = await registerUser(http);
  return { ...account, tokens: await login(http, account.email, account.password) };
}
