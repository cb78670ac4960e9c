import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten codes like `k3jd9-2mxqa`: 50 bits each from the CSPRNG, easy to read and type. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is hashed and compared: case, dashes and spaces do not matter to the user. */
export const normalizeRecoveryCode = (code: string): string =>
  code.toLowerCase().replace(/[\s-]/g, '');

export const looksLikeRecoveryCode = (code: string): boolean =>
  /^[a-z2-7]{10}$/.test(normalizeRecoveryCode(code));
