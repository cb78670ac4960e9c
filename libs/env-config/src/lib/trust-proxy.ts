import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isIP } from 'node:net';

/** TRUST_PROXY in the form Fastify (proxy-addr) takes. */
export type TrustProxy = boolean | number | string[];

/** proxy-addr's named ranges: 127.0.0.1/8 + ::1; 169.254.0.0/16 + fe80::/10; RFC 1918 + fc00::/7. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which peers may name the client in X-Forwarded-For. The same forms in every server:
 * `false` (nobody), a hop count (`1`: the one load balancer in front), a comma-separated list of
 * proxy addresses, CIDRs or proxy-addr's named ranges (`loopback`, `linklocal`, `uniquelocal`),
 * or `true` (anyone: only when nothing but the proxy can reach the server). Undefined when the
 * value is none of these.
 */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isAddressOrCidr) ? entries : undefined;
}

/** class-validator rule for a TRUST_PROXY variable (parseTrustProxy's forms). */
export const IsTrustProxy = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTrustProxy',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseTrustProxy(value) !== undefined,
        defaultMessage: () =>
          '$property must be false, a hop count, a comma-separated list of proxy IPs/CIDRs (or loopback, linklocal, uniquelocal), or true',
      },
    },
    options,
  );
