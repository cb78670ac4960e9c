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
  const [address = ''] = ip.split('%'); // a zone (fe80::1%eth0) names an interface, not a host
  if (!isIPv6(address)) return ip;
  const groups = hextets(address);
  const [, , , , , g5, g6, g7] = groups;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && g5 === 0xffff;
  if (mapped) return [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

type Hextets = [number, number, number, number, number, number, number, number];

/** The eight 16-bit groups of a valid IPv6 address, `::` and a dotted IPv4 tail expanded. */
function hextets(address: string): Hextets {
  const invalid = () => new Error(`Not a valid IPv6 address: ${address}`);
  const parse = (part: string): number[] =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          if (a === undefined || b === undefined || c === undefined || d === undefined) {
            throw invalid();
          }
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head = '', tail] = address.split('::');
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(zeros).fill(0), ...right];
  // isIPv6 has vetted the address, so this holds; the check makes the tuple type honest.
  if (groups.length !== 8) throw invalid();
  return groups as Hextets;
}
