import { emailKey } from '@gatehouse/domain';
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which account or address a request counts against: a hash of the address's comparison key,
 * so look-alike spellings of one account share its counts (emailKey), no one's email sits in
 * Redis, and every key has the same short length.
 */
export const addressKey = (email: string): string =>
  createHash('sha256').update(emailKey(email)).digest('base64url').slice(0, 22);

/**
 * Who a request counts against. An IPv4 address is one client; an IPv6 client is its /64,
 * since one host or home is routinely given a whole /64 and could otherwise rotate through
 * 2^64 addresses. An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is its IPv4 address.
 */
export function clientKey(ip: string | null): string {
  if (!ip) return 'unknown';
  if (isIPv4(ip)) return ip;
  const address = ip.split('%')[0]; // a zone (fe80::1%eth0) names an interface, not a host
  if (!isIPv6(address)) return ip;
  const groups = hextets(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` and a dotted IPv4 tail expanded. */
function hextets(address: string): number[] {
  const parse = (part: string): number[] =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head, tail] = address.split('::');
  if (tail === undefined) return parse(head);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
