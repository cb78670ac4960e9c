import { NodeEnv, ServerConfig, toBoolean } from '@gatehouse/server-runtime';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export { NodeEnv };

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const isProduction = (c: AppConfig) => c.NODE_ENV === NodeEnv.Production;

/**
 * Every variable the web app reads, with its default (those every server shares are
 * ServerConfig's). Validated once at boot (load-config.ts); the README's configuration table
 * mirrors this class.
 */
export class AppConfig extends ServerConfig {
  override PORT = 8001;

  /**
   * As in auth-api: `false` (browsers connect directly), a hop count (`1`: the one load
   * balancer), the proxies' IPs/CIDRs, or `true` only when nothing but the proxy can reach the
   * app. The address it yields is the one sent on to auth-api, so trusting too much lets
   * browsers choose it.
   */
  override TRUST_PROXY = 'false';

  override BODY_LIMIT_BYTES = 65_536;

  /** Where auth-api answers; every call goes through AuthApiClient. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  AUTH_API_URL = 'http://localhost:8000';

  /** Signs the CSRF and flash cookies. Required in production; generated under DATA_DIR otherwise. */
  @ValidateIf((c: AppConfig) => isProduction(c) || c.SESSION_SECRET !== undefined)
  @IsDefined({ message: 'SESSION_SECRET is required in production (at least 32 characters)' })
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  /** Per-attempt timeout of a call to auth-api. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(120_000)
  AUTH_API_TIMEOUT_MS = 5000;

  /** Extra attempts for idempotent calls after a network error, a timeout or a 502/503/504. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  AUTH_API_RETRIES = 2;

  /** First retry delay; later ones grow exponentially, with jitter. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_API_RETRY_BASE_MS = 100;

  /** Upper bound of one retry delay. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_API_RETRY_MAX_MS = 1000;

  /** Consecutive failed attempts that open the circuit breaker. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_API_BREAKER_FAILURES = 5;

  /** How long the breaker stays open before one trial call (half-open). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  AUTH_API_BREAKER_HALF_OPEN_MS = 10_000;

  /** `Secure` cookies with the `__Host-` prefix. Defaults to on in production only. */
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  COOKIE_SECURE?: boolean;

  /** Lifetime of the refresh-token cookie (auth-api's idle refresh lifetime is 7 days). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_COOKIE_MAX_AGE_SECONDS = 604_800;

  /** Language when neither the switcher cookie nor Accept-Language picks one. */
  @IsIn(LOCALES)
  DEFAULT_LOCALE: Locale = 'en';

  get cookieSecure(): boolean {
    return this.COOKIE_SECURE ?? this.isProduction;
  }
}
