import { randomBytes } from 'node:crypto';
import { at } from '../../../test/support/at';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('seals with AES-256-GCM under a fresh IV, and opens what it sealed', () => {
    const sealed = sut.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/); // 12-byte IV, 16-byte tag
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sut.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(sut.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a box whose ciphertext or tag was changed, or sealed under another key', () => {
    const parts = sut.seal('JBSWY3DPEHPK3PXP').split('.');
    const [version, iv, tag, body] = [at(parts, 0), at(parts, 1), at(parts, 2), at(parts, 3)];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes.writeUInt8(at(bytes, 0) ^ 1, 0);
      return bytes.toString('base64url');
    };
    expect(() => sut.open([version, iv, tag, flip(body)].join('.'))).toThrow();
    expect(() => sut.open([version, iv, flip(tag), body].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open([version, iv, tag, body].join('.'))).toThrow();
    expect(() => sut.open('v0.a.b.c')).toThrow('not a sealed secret');
  });

  it('takes only a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32 bytes');
  });
});
