import { emailKey, hasInvisibleCharacters, normalizeEmail } from './email-identity';

describe('email identity', () => {
  it('stores an address trimmed, lower-cased and composed (NFC)', () => {
    expect(normalizeEmail('  Zoe\u0301@Example.COM ')).toBe('zo\u00e9@example.com');
    expect(normalizeEmail('zo\u00e9@example.com')).toBe('zo\u00e9@example.com');
  });

  it('gives look-alike addresses one key', () => {
    const key = emailKey('ada@example.com');
    expect(emailKey('\uff41\uff44\uff41@example.com')).toBe(key); // full-width letters
    expect(emailKey('ADA@EXAMPLE.COM')).toBe(key);
    expect(emailKey('\uff21\uff24\uff21@example.com')).toBe(key); // full-width capitals
    expect(emailKey('zoe\u0301@x.io')).toBe(emailKey('zo\u00e9@x.io'));
    expect(emailKey('bob@example.com')).not.toBe(key);
  });

  it.each([
    ['a zero-width space', 'ada\u200b@example.com'],
    ['a zero-width joiner', 'a\u200dda@example.com'],
    ['a soft hyphen', 'a\u00adda@example.com'],
    ['a right-to-left override', '\u202eada@example.com'],
    ['a control character', 'ada\u0000@example.com'],
    ['a no-break space', 'ada\u00a0x@example.com'],
    ['a variation selector', 'ada\ufe0f@example.com'],
    ['a Hangul filler', 'ada\u3164@example.com'],
    ['a lone surrogate', 'ada\ud800@example.com'],
  ])('finds %s', (_, email) => {
    expect(hasInvisibleCharacters(email)).toBe(true);
  });

  it('lets letters of every script and surrounding spaces through', () => {
    for (const email of [
      ' zo\u00e9@example.com ',
      '\u5f20\u4f1f@\u4f8b\u5b50.\u4e2d\u56fd',
      'ada@example.com',
    ])
      expect(hasInvisibleCharacters(email)).toBe(false);
  });
});
