import fc from 'fast-check';
import { at } from '../../../test/support/at';
import { addressKey, clientKey } from './limit-keys';

/** Eight groups written out in full, the way no one writes them but every parser must read. */
const spelledOut = (groups: number[]) =>
  groups.map((g) => g.toString(16).padStart(4, '0')).join(':');

/** The shortest form: the longest run of zero groups (two or more) becomes `::`. */
function compressed(groups: number[]): string {
  let best = { at: -1, length: 1 };
  for (let at = 0; at < 8; at++) {
    let length = 0;
    while (at + length < 8 && groups[at + length] === 0) length++;
    if (length > best.length) best = { at, length };
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });

describe('addressKey', () => {
  it('is a short fixed-length hash, the same for the same address', () => {
    expect(addressKey('ada@example.com')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(addressKey('ada@example.com')).toBe(addressKey('ada@example.com'));
    expect(addressKey('ada@example.com')).not.toBe(addressKey('bob@example.com'));
  });
});

describe('clientKey', () => {
  it('keeps an IPv4 address as it is, and has a key for an unknown one', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey(null)).toBe('unknown');
  });

  it('keys an IPv6 address on its /64, however it is written', () => {
    expect(clientKey('2001:db8:7:1::1')).toBe('2001:db8:7:1::/64');
    expect(clientKey('2001:0DB8:0007:0001:ffff:ffff:ffff:9')).toBe('2001:db8:7:1::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientKey('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(clientKey('::FFFF:c633:6404')).toBe('198.51.100.4');
  });

  it('gives addresses sharing their first 64 bits one key, and no other address that key', () => {
    fc.assert(
      fc.property(groups, groups, fc.boolean(), (a, other, share) => {
        const b = share ? [...a.slice(0, 4), ...other.slice(4)] : other;
        fc.pre(!(a.slice(0, 5).every((g) => g === 0) && a[5] === 0xffff)); // not IPv4-mapped
        fc.pre(!(b.slice(0, 5).every((g) => g === 0) && b[5] === 0xffff));
        const samePrefix = a.slice(0, 4).join() === b.slice(0, 4).join();
        expect(clientKey(compressed(a)) === clientKey(spelledOut(b))).toBe(samePrefix);
        expect(clientKey(compressed(a))).toBe(clientKey(spelledOut(a)));
      }),
    );
  });

  it('keeps the prefix and drops the interface bits', () => {
    fc.assert(
      fc.property(groups, group, (a, noise) => {
        fc.pre(!(a.slice(0, 5).every((g) => g === 0) && a[5] === 0xffff));
        const sibling = [...a.slice(0, 7), at(a, 7) ^ noise];
        expect(clientKey(compressed(sibling))).toBe(clientKey(compressed(a)));
      }),
    );
  });
});
