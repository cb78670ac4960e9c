import type {
  AcceptedResponse,
  AuditEventPageResponse,
  ChangeEmailDto,
  ChangePasswordDto,
  ConfirmEmailChangeDto,
  DailyActivityResponse,
  DisableMfaDto,
  EmailOnlyDto,
  EnableMfaEnrollmentDto,
  EndedSessionsResponse,
  ErrorResponse,
  IdentityResponse,
  LinkIdentityDto,
  LoginDto,
  MfaCodeDto,
  MfaEnrollmentCompletedResponse,
  MfaEnrollmentDto,
  MfaEnrollmentRequiredResponse,
  MfaLoginDto,
  MfaRequiredResponse,
  MfaSetupResponse,
  PasskeyAssertionDto,
  PasskeyOptionsResponse,
  PasskeyResponse,
  ReauthenticateDto,
  RecoveryCodesResponse,
  RegisterPasskeyDto,
  RegisterUserDto,
  ResetPasswordDto,
  RoleResponse,
  SessionResponse,
  SsoCallbackDto,
  SsoLinkedResponse,
  SsoLinkRequiredResponse,
  SsoProviderResponse,
  SsoStartResponse,
  StartSsoDto,
  TokenPairResponse,
  UpdateProfileDto,
  UpdateUserDto,
  UserPageResponse,
  UserResponse,
  UserStatsResponse,
  VerifyEmailDto,
} from '@gatehouse/contracts';
import { DomainErrorCode } from '@gatehouse/domain';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { AppConfig } from '../config/app-config';
import { AuthApiError, AuthApiUnavailableError, TransientFailure } from './auth-api.errors';
import {
  type BreakerState,
  breakerStateOf,
  buildPolicies,
  type Policies,
  toUnavailable,
} from './resilience';

/** Who a call is for: the trace id always, the browser's details and access token when known. */
export interface CallContext {
  traceId: string;
  token?: string;
  /**
   * The browser's address (request.ip: the right-most one TRUST_PROXY does not trust) and user
   * agent, so auth-api's rate limits, sessions and audit log see the person, not this server.
   */
  ip?: string;
  userAgent?: string;
}

/** What a provider's callback leads to (see auth-api's POST /auth/sso/{provider}/callback). */
export type SsoCallbackAnswer =
  | TokenPairResponse
  | MfaRequiredResponse
  | MfaEnrollmentRequiredResponse
  | SsoLinkRequiredResponse
  | SsoLinkedResponse;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | undefined>;

interface RawAnswer {
  status: number;
  text: string;
  retryAfter: string | null;
}

const BAD_GATEWAY = new Set([502, 503, 504]);
/** Idempotent by HTTP semantics: safe to send again after a lost answer. */
const IDEMPOTENT = new Set<Method>(['GET', 'PUT', 'DELETE']);

/**
 * The only way the web app talks to auth-api. Every call has a per-attempt timeout and passes
 * one circuit breaker; idempotent calls are retried with exponential backoff and jitter after
 * network errors, timeouts and 502/503/504, never after a 4xx. While the breaker is open,
 * calls fail at once with AuthApiUnavailableError (the 503 page).
 */
@Injectable()
export class AuthApiClient implements OnModuleInit {
  private readonly logger = new Logger(AuthApiClient.name);
  private readonly policies: Policies;
  private readonly baseUrl: string;

  constructor(config: AppConfig) {
    this.baseUrl = config.AUTH_API_URL.replace(/\/+$/, '');
    this.policies = buildPolicies({
      timeoutMs: config.AUTH_API_TIMEOUT_MS,
      retries: config.AUTH_API_RETRIES,
      retryBaseMs: config.AUTH_API_RETRY_BASE_MS,
      retryMaxMs: config.AUTH_API_RETRY_MAX_MS,
      breakerFailures: config.AUTH_API_BREAKER_FAILURES,
      halfOpenAfterMs: config.AUTH_API_BREAKER_HALF_OPEN_MS,
    });
  }

  onModuleInit(): void {
    this.policies.breaker.onStateChange(() =>
      this.logger.warn(`auth-api circuit breaker is now ${this.breakerState}`),
    );
  }

  get breakerState(): BreakerState {
    return breakerStateOf(this.policies.breaker);
  }

  // --- Accounts and tokens -------------------------------------------------------------
  register = (ctx: CallContext, dto: RegisterUserDto) =>
    this.call<UserResponse>('POST', '/auth/register', ctx, dto);
  login = (ctx: CallContext, dto: LoginDto) =>
    this.call<TokenPairResponse | MfaRequiredResponse | MfaEnrollmentRequiredResponse>(
      'POST',
      '/auth/login',
      ctx,
      dto,
    );
  loginMfa = (ctx: CallContext, dto: MfaLoginDto) =>
    this.call<TokenPairResponse>('POST', '/auth/login/mfa', ctx, dto);
  setupMfaEnrollment = (ctx: CallContext, dto: MfaEnrollmentDto) =>
    this.call<MfaSetupResponse>('POST', '/auth/login/mfa-enrollment/setup', ctx, dto);
  enableMfaEnrollment = (ctx: CallContext, dto: EnableMfaEnrollmentDto) =>
    this.call<MfaEnrollmentCompletedResponse>(
      'POST',
      '/auth/login/mfa-enrollment/enable',
      ctx,
      dto,
    );
  refresh = (ctx: CallContext, refreshToken: string) =>
    this.call<TokenPairResponse>('POST', '/auth/refresh', ctx, { refresh_token: refreshToken });
  logout = (ctx: CallContext, refreshToken: string) =>
    this.call<void>('POST', '/auth/logout', ctx, { refresh_token: refreshToken });
  logoutAll = (ctx: CallContext) => this.call<void>('POST', '/auth/logout-all', ctx);
  me = (ctx: CallContext) => this.call<UserResponse>('GET', '/auth/me', ctx);
  updateMe = (ctx: CallContext, dto: UpdateProfileDto) =>
    this.call<UserResponse>('PATCH', '/auth/me', ctx, dto);
  verifyEmail = (ctx: CallContext, dto: VerifyEmailDto) =>
    this.call<UserResponse>('POST', '/auth/verify-email', ctx, dto);
  resendVerification = (ctx: CallContext, dto: EmailOnlyDto) =>
    this.call<void>('POST', '/auth/resend-verification', ctx, dto);
  forgotPassword = (ctx: CallContext, dto: EmailOnlyDto) =>
    this.call<void>('POST', '/auth/forgot-password', ctx, dto);
  resetPassword = (ctx: CallContext, dto: ResetPasswordDto) =>
    this.call<void>('POST', '/auth/reset-password', ctx, dto);
  changePassword = (ctx: CallContext, dto: ChangePasswordDto) =>
    this.call<void>('POST', '/auth/change-password', ctx, dto);
  reauthenticate = (ctx: CallContext, dto: ReauthenticateDto) =>
    this.call<void>('POST', '/auth/reauthenticate', ctx, dto);
  changeEmail = (ctx: CallContext, dto: ChangeEmailDto) =>
    this.call<AcceptedResponse>('POST', '/auth/change-email', ctx, dto);
  confirmEmailChange = (ctx: CallContext, dto: ConfirmEmailChangeDto) =>
    this.call<void>('POST', '/auth/confirm-email-change', ctx, dto);

  // --- Sessions and 2FA ----------------------------------------------------------------
  sessions = (ctx: CallContext) => this.call<SessionResponse[]>('GET', '/auth/sessions', ctx);
  revokeSession = (ctx: CallContext, id: string) =>
    this.call<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`, ctx);
  setupMfa = (ctx: CallContext) => this.call<MfaSetupResponse>('POST', '/auth/2fa/setup', ctx);
  enableMfa = (ctx: CallContext, dto: MfaCodeDto) =>
    this.call<RecoveryCodesResponse>('POST', '/auth/2fa/enable', ctx, dto);
  disableMfa = (ctx: CallContext, dto: DisableMfaDto) =>
    this.call<void>('POST', '/auth/2fa/disable', ctx, dto);
  regenerateRecoveryCodes = (ctx: CallContext) =>
    this.call<RecoveryCodesResponse>('POST', '/auth/2fa/recovery-codes', ctx);

  // --- Passkeys -------------------------------------------------------------------------
  passkeySignInOptions = (ctx: CallContext) =>
    this.call<PasskeyOptionsResponse>('POST', '/auth/passkeys/authentication/options', ctx);
  passkeySignIn = (ctx: CallContext, dto: PasskeyAssertionDto) =>
    this.call<TokenPairResponse>('POST', '/auth/passkeys/authentication', ctx, dto);
  passkeyRegistrationOptions = (ctx: CallContext) =>
    this.call<PasskeyOptionsResponse>('POST', '/auth/passkeys/registration/options', ctx);
  registerPasskey = (ctx: CallContext, dto: RegisterPasskeyDto) =>
    this.call<PasskeyResponse>('POST', '/auth/passkeys', ctx, dto);
  passkeys = (ctx: CallContext) => this.call<PasskeyResponse[]>('GET', '/auth/passkeys', ctx);
  renamePasskey = (ctx: CallContext, id: string, name: string) =>
    this.call<PasskeyResponse>('PATCH', `/auth/passkeys/${encodeURIComponent(id)}`, ctx, { name });
  removePasskey = (ctx: CallContext, id: string) =>
    this.call<void>('DELETE', `/auth/passkeys/${encodeURIComponent(id)}`, ctx);
  removePassword = (ctx: CallContext) => this.call<void>('DELETE', '/auth/me/password', ctx);
  passkeyReauthOptions = (ctx: CallContext) =>
    this.call<PasskeyOptionsResponse>('POST', '/auth/reauthenticate/passkey/options', ctx);
  passkeyReauthenticate = (ctx: CallContext, dto: PasskeyAssertionDto) =>
    this.call<void>('POST', '/auth/reauthenticate/passkey', ctx, dto);
  // --- Single sign-on ------------------------------------------------------------------
  ssoProviders = (ctx: CallContext) =>
    this.call<SsoProviderResponse[]>('GET', '/auth/sso/providers', ctx);
  ssoStart = (ctx: CallContext, provider: string, dto: StartSsoDto) =>
    this.call<SsoStartResponse>(
      'POST',
      `/auth/sso/${encodeURIComponent(provider)}/start`,
      ctx,
      dto,
    );
  ssoCallback = (ctx: CallContext, provider: string, dto: SsoCallbackDto) =>
    this.call<SsoCallbackAnswer>(
      'POST',
      `/auth/sso/${encodeURIComponent(provider)}/callback`,
      ctx,
      dto,
    );
  ssoLink = (ctx: CallContext, dto: LinkIdentityDto) =>
    this.call<SsoLinkedResponse>('POST', '/auth/sso/link', ctx, dto);
  identities = (ctx: CallContext) =>
    this.call<IdentityResponse[]>('GET', '/auth/sso/identities', ctx);
  unlinkIdentity = (ctx: CallContext, provider: string) =>
    this.call<void>('DELETE', `/auth/sso/identities/${encodeURIComponent(provider)}`, ctx);

  // --- Administration ------------------------------------------------------------------
  listUsers = (ctx: CallContext, query: { page: number; limit: number; q?: string }) =>
    this.call<UserPageResponse>('GET', '/users', ctx, undefined, query);
  userStats = (ctx: CallContext) => this.call<UserStatsResponse>('GET', '/users/stats', ctx);
  getUser = (ctx: CallContext, id: string) =>
    this.call<UserResponse>('GET', `/users/${encodeURIComponent(id)}`, ctx);
  updateUser = (ctx: CallContext, id: string, dto: UpdateUserDto) =>
    this.call<UserResponse>('PATCH', `/users/${encodeURIComponent(id)}`, ctx, dto);
  setRoles = (ctx: CallContext, id: string, roles: string[]) =>
    this.call<UserResponse>('PUT', `/users/${encodeURIComponent(id)}/roles`, ctx, { roles });
  deleteUser = (ctx: CallContext, id: string) =>
    this.call<void>('DELETE', `/users/${encodeURIComponent(id)}`, ctx);
  endUserSessions = (ctx: CallContext, id: string) =>
    this.call<EndedSessionsResponse>('DELETE', `/users/${encodeURIComponent(id)}/sessions`, ctx);
  roles = (ctx: CallContext) => this.call<RoleResponse[]>('GET', '/roles', ctx);
  auditEvents = (
    ctx: CallContext,
    query: { page: number; limit: number; userId?: string; type?: string },
  ) => this.call<AuditEventPageResponse>('GET', '/audit-events', ctx, undefined, query);
  dailyActivity = (ctx: CallContext, days: number) =>
    this.call<DailyActivityResponse>('GET', '/audit-events/daily', ctx, undefined, { days });

  /** auth-api's readiness, through the breaker but without retries (probes must be quick). */
  async health(ctx: CallContext): Promise<boolean> {
    try {
      await this.call<unknown>('GET', '/health', ctx, undefined, undefined, false);
      return true;
    } catch (error) {
      if (error instanceof AuthApiUnavailableError || error instanceof AuthApiError) return false;
      throw error;
    }
  }

  private async call<T>(
    method: Method,
    path: string,
    ctx: CallContext,
    body?: unknown,
    query?: Query,
    retryable = IDEMPOTENT.has(method),
  ): Promise<T> {
    const url = this.baseUrl + path + toQueryString(query);
    const headers = headersFor(ctx, body !== undefined);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const policy = retryable ? this.policies.idempotent : this.policies.once;
    let answer: RawAnswer;
    try {
      answer = await policy.execute(({ signal }) =>
        this.attempt(method, url, headers, payload, signal, ctx.traceId),
      );
    } catch (error) {
      const mapped = toUnavailable(error);
      if (mapped instanceof AuthApiUnavailableError) {
        this.logger.warn(`${method} ${path} failed: ${mapped.reason} (trace ${ctx.traceId})`);
      }
      throw mapped;
    }
    if (answer.status >= 400) throw toApiError(answer);
    return (answer.text ? JSON.parse(answer.text) : undefined) as T;
  }

  private async attempt(
    method: Method,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    traceId: string,
  ): Promise<RawAnswer> {
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
    } catch (error) {
      // Aborted by the timeout policy: it has already answered with TaskCancelledError.
      if (signal.aborted) throw error;
      this.logger.debug(
        `attempt ${method} ${url} failed: ${(error as Error).message} (trace ${traceId})`,
      );
      throw new TransientFailure('network', undefined, { cause: error });
    }
    const text = await response.text();
    if (BAD_GATEWAY.has(response.status) && !isProviderOutage(text))
      throw new TransientFailure('bad-gateway', response.status);
    return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
  }
}

/**
 * auth-api's own 503 naming a sign-in provider that is down: auth-api is fine, so it is an
 * answer (the SSO error page), not a failure to count towards the breaker or to retry.
 */
function isProviderOutage(text: string): boolean {
  try {
    return (JSON.parse(text) as { code?: unknown }).code === DomainErrorCode.SsoProviderUnavailable;
  } catch {
    return false;
  }
}

function headersFor(ctx: CallContext, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'x-request-id': ctx.traceId,
  };
  if (hasBody) headers['content-type'] = 'application/json';
  if (ctx.token) headers['authorization'] = `Bearer ${ctx.token}`;
  if (ctx.userAgent) headers['user-agent'] = ctx.userAgent;
  // One address, never the browser's own X-Forwarded-For; nothing when a proxy sent a non-IP.
  if (ctx.ip && isIP(ctx.ip)) headers['x-forwarded-for'] = ctx.ip;
  return headers;
}

function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function toApiError(answer: RawAnswer): AuthApiError {
  let body: Partial<ErrorResponse> = {};
  try {
    body = JSON.parse(answer.text) as Partial<ErrorResponse>;
  } catch {
    // not the JSON error shape (a proxy's HTML page): keep the status only
  }
  const retryAfter = answer.retryAfter === null ? undefined : Number(answer.retryAfter);
  return new AuthApiError(
    answer.status,
    {
      statusCode: answer.status,
      error: body.error ?? STATUS_CODES[answer.status] ?? 'Error',
      message: typeof body.message === 'string' ? body.message : '',
      traceId: body.traceId ?? '',
      code: body.code,
      errors: Array.isArray(body.errors) ? body.errors : undefined,
    },
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}
