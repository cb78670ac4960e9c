/**
 * Coded failures of the domain. Services throw these; each transport maps the code to its own
 * status (see the auth-api exception filter), so business code never imports HTTP.
 */
export enum DomainErrorCode {
  EmailTaken = 'EMAIL_TAKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  AccountInactive = 'ACCOUNT_INACTIVE',
  EmailNotVerified = 'EMAIL_NOT_VERIFIED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  WeakPassword = 'WEAK_PASSWORD',
  InvalidToken = 'INVALID_TOKEN',
  WrongPassword = 'WRONG_PASSWORD',
  /** At sign-in: answered 401. */
  InvalidMfaCode = 'INVALID_MFA_CODE',
  /** When turning 2FA on or off: answered 400. */
  WrongMfaCode = 'WRONG_MFA_CODE',
  MfaAlreadyEnabled = 'MFA_ALREADY_ENABLED',
  MfaNotEnabled = 'MFA_NOT_ENABLED',
  /**
   * An admin without 2FA while REQUIRE_ADMIN_MFA is on: refresh refuses (401); sign in again
   * and enrol.
   */
  MfaEnrollmentRequired = 'MFA_ENROLLMENT_REQUIRED',
  /** An admin route, or turning 2FA off, for an admin while REQUIRE_ADMIN_MFA is on: 403. */
  MfaRequired = 'MFA_REQUIRED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  LastAdmin = 'LAST_ADMIN',
  /** Removing the password, a passkey or a linked provider would leave no way to sign in: 409. */
  LastSignInMethod = 'LAST_SIGN_IN_METHOD',
  SelfModification = 'SELF_MODIFICATION',
  UnknownRole = 'UNKNOWN_ROLE',
  /** A role set without `user`: every account keeps it. */
  UserRoleRequired = 'USER_ROLE_REQUIRED',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  /**
   * A sensitive action needs a recent proof of the credential (ASVS 7.5.1): re-authenticate
   * (POST /auth/reauthenticate) or send the current password or a code with the request.
   */
  ReauthenticationRequired = 'REAUTHENTICATION_REQUIRED',
  /**
   * A passkey sign-in that did not verify (unknown passkey, bad signature, wrong origin or RP
   * ID, no user verification, a used or expired challenge): 401.
   */
  PasskeyNotVerified = 'PASSKEY_NOT_VERIFIED',
  /** The passkey's signature counter went backwards: possibly a cloned authenticator (401). */
  PasskeyCounterRegressed = 'PASSKEY_COUNTER_REGRESSED',
  /** A new passkey, or a passkey shown to re-authenticate, that did not verify: 400. */
  PasskeyRejected = 'PASSKEY_REJECTED',
  /** A passwordless account asked to change a password it does not have: 400. */
  PasswordNotSet = 'PASSWORD_NOT_SET',
  /** A single sign-on flow that is unknown, expired, used, or not this browser's: 400. */
  SsoFlowInvalid = 'SSO_FLOW_INVALID',
  /** The provider's answer failed a check (state, nonce, issuer, audience, signature): 400. */
  SsoResponseInvalid = 'SSO_RESPONSE_INVALID',
  /** The provider does not vouch for the email address: no account is made or matched: 400. */
  SsoEmailNotVerified = 'SSO_EMAIL_NOT_VERIFIED',
  /** The provider account is linked to another local account already: 409. */
  SsoIdentityTaken = 'SSO_IDENTITY_TAKEN',
  /** The provider could not be reached (discovery or token endpoint): 503. */
  SsoProviderUnavailable = 'SSO_PROVIDER_UNAVAILABLE',
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
