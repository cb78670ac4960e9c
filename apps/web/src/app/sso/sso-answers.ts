import type {
  MfaEnrollmentRequiredResponse,
  MfaRequiredResponse,
  SsoLinkedResponse,
  SsoLinkRequiredResponse,
} from '@gatehouse/contracts';
import { DomainErrorCode } from '@gatehouse/domain';
import type { SsoCallbackAnswer } from '../../auth-api/auth-api.client';
import { AuthApiError } from '../../auth-api/auth-api.errors';

export const isLinkRequired = (a: SsoCallbackAnswer): a is SsoLinkRequiredResponse =>
  'link_required' in a;
export const isLinked = (a: SsoCallbackAnswer): a is SsoLinkedResponse => 'linked' in a;
export const isMfaStep = (a: SsoCallbackAnswer): a is MfaRequiredResponse => 'mfa_required' in a;
export const isEnrollmentStep = (a: SsoCallbackAnswer): a is MfaEnrollmentRequiredResponse =>
  'mfa_enrollment_required' in a;

/** Why a flow was refused, as the error page explains it (keys of `sso.errors`). */
export const SSO_REASONS = [
  'expired',
  'refused',
  'emailNotVerified',
  'taken',
  'inactive',
  'unavailable',
] as const;
export type SsoReason = (typeof SSO_REASONS)[number];

const REASON_OF_CODE: Partial<Record<string, SsoReason>> = {
  [DomainErrorCode.SsoFlowInvalid]: 'expired',
  [DomainErrorCode.SsoEmailNotVerified]: 'emailNotVerified',
  [DomainErrorCode.SsoIdentityTaken]: 'taken',
  [DomainErrorCode.AccountInactive]: 'inactive',
  [DomainErrorCode.SsoProviderUnavailable]: 'unavailable',
};

/** The error page's reason for auth-api's refusal; null for what the page filter handles. */
export function reasonOf(error: unknown): SsoReason | null {
  if (!(error instanceof AuthApiError)) return null;
  const known = error.code ? REASON_OF_CODE[error.code] : undefined;
  return known ?? (error.status < 500 ? 'refused' : null);
}

/** The pending link kept in a signed cookie between the callback and the owner's sign-in. */
export interface PendingLink {
  token: string;
  email: string;
  provider: string;
}

export function readPendingLink(raw: string | undefined): PendingLink | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<PendingLink>;
    return typeof value.token === 'string' &&
      typeof value.email === 'string' &&
      typeof value.provider === 'string'
      ? (value as PendingLink)
      : null;
  } catch {
    return null;
  }
}
