import { signedInUser } from './accounts';
import type { HttpClient } from './http-client';
import { totpFor } from './totp';

/** A signed-in user with 2FA on, its TOTP secret and its ten recovery codes. */
export async function userWithMfa(http: HttpClient) {
  const account = await signedInUser(http);
  const token = account.tokens.access_token;
  const setup = await http.post('/auth/2fa/setup', undefined, { token });
  if (setup.status !== 200) throw new Error(`2FA setup failed: ${setup.status} ${setup.text}`);
  const secret = setup.body.secret as string;
  const enabled = await http.post('/auth/2fa/enable', { code: totpFor(secret) }, { token });
  if (enabled.status !== 200)
    throw new Error(`2FA enable failed: ${enabled.status} ${enabled.text}`);
  return { ...account, secret, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

/** `count` six-digit codes, none of them valid for the secret in the steps around now. */
export function wrongTotpCodes(secret: string, count: number): string[] {
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => totpFor(secret, now + step * 30_000)));
  const codes: string[] = [];
  for (let n = 100_000; codes.length < count; n += 7919) {
    const code = String(n % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) codes.push(code);
  }
  return codes;
}

/** `count` codes shaped like recovery codes (`abcde-23456`), none of them issued. */
export function wrongRecoveryCodes(issued: string[], count: number): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const codes: string[] = [];
  for (let n = 0; codes.length < count; n++) {
    const chars = Array.from(n.toString(32).padStart(10, '0'), (d) => alphabet[parseInt(d, 32)]);
    const code = `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
    if (!issued.includes(code) && !codes.includes(code)) codes.push(code);
  }
  return codes;
}
