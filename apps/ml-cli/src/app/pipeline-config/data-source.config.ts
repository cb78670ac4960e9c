import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { SOURCE_FORMATS, type SourceFormat } from '../common/pipeline-vocabulary';

const isSql = (s: DataSourceConfig) => s.format === 'sql';

/** Where the raw table comes from: a CSV or JSON file, or a SQL query (SQLite file or PostgreSQL). */
export class DataSourceConfig {
  @IsIn(SOURCE_FORMATS)
  format!: SourceFormat;

  /** The raw file, e.g. `data/raw/penguins.json` (csv and json). */
  @ValidateIf((s: DataSourceConfig) => !isSql(s))
  @IsDefined({ message: 'path is required for csv and json sources' })
  @IsString()
  @MinLength(1)
  path?: string;

  /** Copied to `path` first (its sha256 recorded), e.g. a file shipped in an npm package. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  importFrom?: string;

  /** CSV field delimiter. */
  @IsOptional()
  @IsString()
  @Length(1, 1, { message: 'delimiter must be a single character' })
  delimiter?: string;

  /** `postgres://user:pass@host/db`, or a SQLite file such as `data/external/gatehouse.sqlite`. */
  @ValidateIf(isSql)
  @IsDefined({ message: 'url is required for sql sources' })
  @IsString()
  @MinLength(1)
  url?: string;

  @ValidateIf(isSql)
  @IsDefined({ message: 'query is required for sql sources' })
  @IsString()
  @MinLength(1)
  query?: string;
}
