import { base32Decode, base32Encode, hotp, matchTotp, totp, totpStep } from './totp';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
  const seed = base32Encode(Buffer.from('12345678901234567890'));

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC test vector at T=%d', (seconds, expected) => {
    expect(totp(seed, seconds * 1000)).toBe(expected);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const secret = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 9].map((c) => hotp(secret, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '520489',
    ]);
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('accepts one step of drift, refuses two, and refuses a step already used', () => {
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    expect(matchTotp(seed, totp(seed, now - 30_000), now, null)).toBe(step - 1);
    expect(matchTotp(seed, totp(seed, now - 60_000), now, null)).toBeNull();
    expect(matchTotp(seed, totp(seed, now), now, step)).toBeNull();
    expect(matchTotp(seed, 'abcdef', now, null)).toBeNull();
  });
});
