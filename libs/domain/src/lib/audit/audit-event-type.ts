/** Every kind of event the audit log records. Secrets and tokens never go in `details`. */
export enum AuditEventType {
  UserRegistered = 'user.registered',
  LoginSucceeded = 'login.succeeded',
  LoginFailed = 'login.failed',
  LoginLockedOut = 'login.locked_out',
  /** An account reached RATE_LIMIT_ACCOUNT_MAX failures from all clients together. */
  AccountLockedOut = 'account.locked_out',
  /** A signed-in user's password or code check failed (change-password, 2FA on or off). */
  ReauthFailed = 'reauth.failed',
  /** A signed-in user proved their password or a code again (the session's proof is fresh). */
  ReauthSucceeded = 'reauth.succeeded',
  RefreshTokenReused = 'token.reuse_detected',
  Logout = 'logout',
  LogoutAll = 'logout.all',
  SessionRevoked = 'session.revoked',
  EmailVerified = 'email.verified',
  VerificationResent = 'email.verification_sent',
  PasswordResetRequested = 'password_reset.requested',
  PasswordResetCompleted = 'password_reset.completed',
  PasswordChanged = 'password.changed',
  ProfileUpdated = 'profile.updated',
  RolesChanged = 'user.roles_changed',
  UserActivated = 'user.activated',
  UserDeactivated = 'user.deactivated',
  UserUpdated = 'user.updated',
  UserDeleted = 'user.deleted',
  /** An admin ended every session of the user. */
  UserSessionsEnded = 'user.sessions_ended',
  /** A signed-in user called a route their roles do not permit. */
  AccessDenied = 'access.denied',
  MfaEnabled = 'mfa.enabled',
  MfaDisabled = 'mfa.disabled',
  MfaRecoveryCodeUsed = 'mfa.recovery_code_used',
  /** New recovery codes were issued; the earlier ones stopped working. */
  MfaRecoveryCodesRegenerated = 'mfa.recovery_codes_regenerated',
  /** A change of address was asked for; the link went to the new address. */
  EmailChangeRequested = 'email.change_requested',
  /** The new address was confirmed and applied; every session ended. */
  EmailChanged = 'email.changed',
  PasskeyAdded = 'passkey.added',
  PasskeyRenamed = 'passkey.renamed',
  PasskeyRemoved = 'passkey.removed',
  /**
   * A passkey answered with a signature counter not above the stored one: possibly a cloned
   * authenticator. The sign-in was refused and the stored counter kept.
   */
  PasskeyCounterRegressed = 'passkey.counter_regressed',
  /** The account dropped its password: it signs in with a passkey or a provider. */
  PasswordRemoved = 'password.removed',
  /** An account at an OpenID Connect provider was linked (details: provider). */
  IdentityLinked = 'identity.linked',
  /** A linked provider account was removed (details: provider). */
  IdentityUnlinked = 'identity.unlinked',
  /** A single sign-on callback was refused (details: provider, reason). */
  SsoFailed = 'sso.failed',
}

export const AUDIT_EVENT_TYPES: readonly string[] = Object.values(AuditEventType);
