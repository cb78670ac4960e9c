import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every environment variable ml-cli reads, with its default. Validated once at start (see
 * load-app-config.ts); the README's configuration table mirrors this class.
 */
export class AppConfig {
  /**
   * `http(s)://host:port` of an MLflow tracking server, or a local directory (`file:` URI or path)
   * for MLflow's file store. Unset: the file store in `./mlruns`.
   */
  @IsOptional()
  @IsString()
  @Matches(/^(https?:\/\/[^\s/]+.*|file:.+|[^:]+)$/, {
    message: 'MLFLOW_TRACKING_URI must be an http(s):// URL, a file: URI or a directory path',
  })
  // Messages name the server by this URI: credentials have their own (secret) variables.
  @Matches(/^(?![a-z]+:\/\/[^/\s]*@)/i, {
    message:
      'MLFLOW_TRACKING_URI must not hold credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) instead',
  })
  MLFLOW_TRACKING_URI?: string;

  /** Bearer token sent to the tracking server (MLflow's own variable name). */
  @IsOptional()
  @IsString()
  MLFLOW_TRACKING_TOKEN?: string;

  @ValidateIf((c: AppConfig) => c.MLFLOW_TRACKING_PASSWORD !== undefined)
  @IsDefined({ message: 'MLFLOW_TRACKING_USERNAME must be set when MLFLOW_TRACKING_PASSWORD is' })
  @IsString()
  MLFLOW_TRACKING_USERNAME?: string;

  @ValidateIf((c: AppConfig) => c.MLFLOW_TRACKING_USERNAME !== undefined)
  @IsDefined({ message: 'MLFLOW_TRACKING_PASSWORD must be set when MLFLOW_TRACKING_USERNAME is' })
  @IsString()
  MLFLOW_TRACKING_PASSWORD?: string;

  /** Per-request timeout for the tracking server. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  MLFLOW_TIMEOUT_MS = 10_000;

  /** Retries after a network error, a timeout or a 5xx, with exponential backoff. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  MLFLOW_MAX_RETRIES = 3;

  /** The pipeline config file (YAML or JSON), relative to the working directory. */
  @IsString()
  @MinLength(1)
  ML_CONFIG = 'ml.config.yaml';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** True when runs go to an MLflow server rather than a local file store. */
  get usesTrackingServer(): boolean {
    return /^https?:\/\//.test(this.MLFLOW_TRACKING_URI ?? '');
  }

  /** Directory of the local file store (when no server is used). */
  get fileStoreDir(): string {
    const uri = this.MLFLOW_TRACKING_URI;
    if (uri === undefined) return 'mlruns';
    return uri.startsWith('file:') ? decodeURIComponent(new URL(uri).pathname) : uri;
  }
}
