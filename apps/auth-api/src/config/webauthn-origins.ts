import { registerDecorator, type ValidationArguments } from 'class-validator';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * What is wrong with one WebAuthn origin for the RP ID, or null. Browsers accept a passkey
 * only on the RP ID's host or a subdomain of it, and only over https (localhost excepted).
 */
export function originProblem(origin: string, rpId: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `has "${origin}", which is not a URL`;
  }
  if (url.origin !== origin.replace(/\/$/, ''))
    return `has "${origin}", which is not a bare origin (scheme://host[:port])`;
  const host = url.hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`))
    return `has "${origin}", whose host is neither WEBAUTHN_RP_ID (${rpId}) nor a subdomain of it`;
  const local = LOOPBACK.has(host) || host.endsWith('.localhost');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    return `has "${origin}", which must use https (http only on localhost)`;
  return null;
}

/** Checks WEBAUTHN_ORIGINS against WEBAUTHN_RP_ID at boot: one line, the first problem. */
export const MatchesRpId = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'matchesRpId',
    target: target.constructor,
    propertyName,
    validator: {
      validate: (origins: unknown, args: ValidationArguments) =>
        firstProblem(origins, args) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `WEBAUTHN_ORIGINS ${args ? firstProblem(args.value, args) : 'is invalid'}`,
    },
  });

function firstProblem(origins: unknown, args: ValidationArguments): string | null {
  const rpId = (args.object as { WEBAUTHN_RP_ID?: unknown }).WEBAUTHN_RP_ID;
  if (!Array.isArray(origins) || origins.length === 0) return 'must list at least one origin';
  // An unusable RP ID is reported on WEBAUTHN_RP_ID itself.
  if (typeof rpId !== 'string' || /[:/]/.test(rpId)) return null;
  for (const origin of origins) {
    const problem =
      typeof origin === 'string' ? originProblem(origin, rpId) : 'has a value that is not text';
    if (problem) return problem;
  }
  return null;
}
