import { IsTrustProxy, parseTrustProxy, type TrustProxy } from '@gatehouse/env-config';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, logFormatOf, NodeEnv } from './server-env';

/**
 * The variables every Gatehouse server reads, which each app's `AppConfig` extends. PORT,
 * TRUST_PROXY and BODY_LIMIT_BYTES have no default here: each app sets its own
 * (`override PORT = 8000;`), and the infra checks read them there. These fields come first in
 * `Object.keys(config)`; an app's own fields follow.
 */
export abstract class ServerConfig {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @IsString()
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  /** Where development secrets are generated and kept (never used in production). */
  @IsString()
  DATA_DIR = 'data';

  /**
   * Which proxies may set X-Forwarded-For: `false`, `true` (any: only when nothing else can
   * reach the server), a hop count (`1` behind one load balancer) or a comma-separated list of
   * proxy IPs/CIDRs (or `loopback`); see each app's default for why it trusts what it does.
   */
  @IsTrustProxy()
  TRUST_PROXY!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES!: number;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL = 'info';

  /** `pretty` for people, `json` for log shippers. Defaults to pretty in development only. */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;

  get isProduction(): boolean {
    return this.NODE_ENV === NodeEnv.Production;
  }

  /** TRUST_PROXY in the form Fastify takes. */
  get trustProxy(): TrustProxy {
    return parseTrustProxy(this.TRUST_PROXY) ?? false;
  }

  get logFormat(): LogFormat {
    return logFormatOf(this);
  }
}
