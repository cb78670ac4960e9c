import { NodeEnv, ServerConfig, toBoolean, toList } from '@gatehouse/server-runtime';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { type SsoProviderSettings, ssoProvidersOf } from './sso-providers';
import { MatchesRpId } from './webauthn-origins';

export { NodeEnv };

export enum JwtAlgorithm {
  HS256 = 'HS256',
  RS256 = 'RS256',
  ES256 = 'ES256',
}

const isProduction = (c: AppConfig) => c.NODE_ENV === NodeEnv.Production;

/**
 * Every variable auth-api reads, with its default (those every server shares are ServerConfig's).
 * Validated once at boot (see load-config.ts); the README's configuration table mirrors this class.
 */
export class AppConfig extends ServerConfig {
  override PORT = 8000;

  /**
   * Parsed as web's is (env-config). The default trusts this host only: the web app `npm start`
   * runs beside it, so each browser keeps its own IP and nobody else names one. Client IPs key
   * the rate limits, so a spoofable setting weakens them.
   */
  override TRUST_PROXY = 'loopback';

  override BODY_LIMIT_BYTES = 102_400;

  /** `postgres://…`, or a SQLite file path (`:memory:` for a throwaway database). */
  @IsString()
  @MinLength(1)
  DATABASE_URL = 'data/external/gatehouse.sqlite';

  /** Apply pending migrations at start. Defaults to on, except in production. */
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  DATABASE_MIGRATE?: boolean;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Longest wait for a PostgreSQL connection (a new one, or a free one from the pool). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_CONNECT_TIMEOUT_MS = 2000;

  /**
   * Longest a statement may run or wait for a lock: PostgreSQL's statement_timeout, plus a
   * client-side read timeout for a server that does not answer at all; SQLite's busy timeout.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 3000;

  @ValidateIf((c: AppConfig) => c.ADMIN_PASSWORD !== undefined)
  @IsDefined({ message: 'ADMIN_EMAIL must be set when ADMIN_PASSWORD is' })
  @IsEmail({}, { message: 'ADMIN_EMAIL must be a valid email address' })
  ADMIN_EMAIL?: string;

  @ValidateIf((c: AppConfig) => c.ADMIN_EMAIL !== undefined)
  @IsDefined({ message: 'ADMIN_PASSWORD must be set when ADMIN_EMAIL is' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @IsEnum(JwtAlgorithm)
  JWT_ALGORITHM: JwtAlgorithm = JwtAlgorithm.HS256;

  @ValidateIf(
    (c: AppConfig) =>
      c.JWT_ALGORITHM === JwtAlgorithm.HS256 && (isProduction(c) || c.JWT_SECRET !== undefined),
  )
  @IsDefined({ message: 'JWT_SECRET is required in production (at least 32 characters)' })
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** PEM text, or a path to a PEM file. */
  @ValidateIf((c: AppConfig) => c.JWT_ALGORITHM !== JwtAlgorithm.HS256)
  @IsDefined({ message: 'JWT_PRIVATE_KEY is required for RS256/ES256 (PEM text or a file path)' })
  @IsString()
  JWT_PRIVATE_KEY?: string;

  /** PEM text or a path; derived from the private key when omitted. */
  @IsOptional()
  @IsString()
  JWT_PUBLIC_KEY?: string;

  /** Key id published in the JWKS; the RFC 7638 thumbprint when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  JWT_KEY_ID?: string;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'gatehouse';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'gatehouse';

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 1800;

  /** Idle lifetime of a refresh token: each rotation starts a new one. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS = 604_800;

  /** Absolute lifetime of a session (a refresh-token family), however often it is refreshed. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_ABSOLUTE_TTL_SECONDS = 2_592_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  REFRESH_REUSE_GRACE_SECONDS = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  ARGON2_MEMORY_KIB = 19_456;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  ARGON2_ITERATIONS = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  ARGON2_PARALLELISM = 1;

  /** Browser origins allowed to call the API (comma-separated). */
  @toList()
  @IsString({ each: true })
  CORS_ORIGINS: string[] = ['http://localhost:8001', 'http://127.0.0.1:8001'];

  @toBoolean()
  @IsBoolean()
  DOCS_ENABLED = true;

  @toBoolean()
  @IsBoolean()
  METRICS_ENABLED = true;

  /** The web app: links in emails point here. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  WEB_BASE_URL = 'http://localhost:8001';

  /** OpenID Connect providers, `google,corp`; each reads SSO_<ID>_* (see sso-providers.ts). */
  @IsOptional()
  @IsString()
  SSO_PROVIDERS?: string;

  /** Redirect URIs API clients may use besides `${WEB_BASE_URL}/auth/sso/<id>/callback`. */
  @toList()
  @IsUrl({ require_tld: false, require_protocol: true }, { each: true })
  SSO_REDIRECT_URIS: string[] = [];

  /** How long a single sign-on flow (and a pending link) may take. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  SSO_FLOW_TTL_SECONDS = 600;

  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. Unset: .eml files. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, {
    message: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://…',
  })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Gatehouse <no-reply@gatehouse.local>';

  /** Where messages are written as .eml files when SMTP_URL is unset. */
  @IsString()
  MAIL_OUTBOX_DIR = 'data/outbox';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  MAIL_MAX_ATTEMPTS = 5;

  /** First retry delay; each further attempt doubles it (with jitter). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  MAIL_RETRY_BASE_MS = 1000;

  /** Refuse login until the email address is verified. */
  @toBoolean()
  @IsBoolean()
  REQUIRE_VERIFIED_EMAIL = false;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  VERIFICATION_TOKEN_TTL_SECONDS = 86_400;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  RESET_TOKEN_TTL_SECONDS = 3600;

  /** The step between password and second factor. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3600)
  MFA_TOKEN_TTL_SECONDS = 300;

  /**
   * How long a sign-in or re-authentication counts as recent: enrolling or regenerating 2FA,
   * changing the email and ending another device's session need one within this window.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  REAUTH_MAX_AGE_SECONDS = 300;

  /** Lifetime of the link that confirms a new email address. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  EMAIL_CHANGE_TOKEN_TTL_SECONDS = 3600;

  /**
   * Admins must use 2FA: an admin without it is guided through enrolment at sign-in, and admin
   * routes refuse them until it is on. Defaults to on in production, off otherwise.
   */
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  REQUIRE_ADMIN_MFA?: boolean;

  /** The sign-in enrolment step of an admin without 2FA (scan, then confirm a code). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  MFA_ENROLLMENT_TOKEN_TTL_SECONDS = 900;

  /** Issuer shown by authenticator apps. */
  @IsString()
  @MinLength(1)
  MFA_ISSUER = 'Gatehouse';

  /** AES-256-GCM key for secrets at rest (TOTP): 64 hex characters. Required in production. */
  @ValidateIf((c: AppConfig) => isProduction(c) || c.ENCRYPTION_KEY !== undefined)
  @IsDefined({ message: 'ENCRYPTION_KEY is required in production (64 hex characters)' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  ENCRYPTION_KEY?: string;

  /** `redis://…` or `rediss://…`: shared rate limits. Unset: in-memory limits per process. */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  @IsString()
  @Matches(/^[A-Za-z0-9:_-]*$/)
  REDIS_KEY_PREFIX = 'gatehouse:';

  /** A Redis command that takes longer fails, and the limit counts in memory instead. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS = 500;

  /** false switches every rate limit off (benchmarks). */
  @toBoolean()
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Password and code attempts per (account, client IP or IPv6 /64) within the window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_MAX = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_WINDOW_SECONDS = 300;

  /**
   * Failed attempts on one account from every client together before it locks (NIST SP
   * 800-63B: at most 100 in a row). A completed sign-in or a password reset clears them.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  RATE_LIMIT_ACCOUNT_MAX = 100;

  /** How long an account's failures count from the first one: the longest a lock holds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  RATE_LIMIT_ACCOUNT_WINDOW_SECONDS = 86_400;

  /** forgot-password and resend-verification requests per client (IP or IPv6 /64): 429 beyond. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAIL_REQUEST_MAX = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAIL_REQUEST_WINDOW_SECONDS = 3600;

  /**
   * Reset (or verification) mails sent to one address within the window, whoever asks. Silent:
   * further requests get the same 202 and send nothing.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_EMAIL_MAX = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_EMAIL_WINDOW_SECONDS = 3600;

  /** Requests per IP within the window, on every route except health and metrics. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_GLOBAL_MAX = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS = 60;

  /** Passkeys are bound to this host (or registrable domain): changing it orphans them. */
  @Matches(/^(localhost|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}|[a-z0-9-]+\.localhost)$/, {
    message: 'WEBAUTHN_RP_ID must be a host name such as example.com (no scheme, no port)',
  })
  WEBAUTHN_RP_ID = 'localhost';

  @IsString()
  @MinLength(1)
  WEBAUTHN_RP_NAME = 'Gatehouse';

  /** The pages passkeys are used from (comma-separated); see webauthn-origins.ts. */
  @toList()
  @MatchesRpId()
  WEBAUTHN_ORIGINS: string[] = ['http://localhost:8001'];

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(600)
  WEBAUTHN_CHALLENGE_TTL_SECONDS = 300;

  get migrateOnStart(): boolean {
    return this.DATABASE_MIGRATE ?? !this.isProduction;
  }

  /** The providers of SSO_PROVIDERS with their SSO_<ID>_* settings, as loadConfig parsed them. */
  get ssoProviders(): readonly SsoProviderSettings[] {
    return ssoProvidersOf(this);
  }

  get adminMfaRequired(): boolean {
    return this.REQUIRE_ADMIN_MFA ?? this.isProduction;
  }
}
