import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { type ColumnType } from '../common/pipeline-vocabulary';
import { DataSourceConfig } from './data-source.config';

/** The `data` section: what make_dataset reads and how it cleans it. */
export class DataConfig {
  @IsDefined({ message: 'source is required' })
  @ValidateNested()
  @Type(() => DataSourceConfig)
  source!: DataSourceConfig;

  /** The column to predict. */
  @IsString()
  @MinLength(1)
  target!: string;

  /** Cell values (after trimming) that mean "missing", besides null. */
  @IsArray()
  @IsString({ each: true })
  missingValues: string[] = ['', 'NA', 'N/A', 'NaN', 'null'];

  @IsBoolean()
  dropDuplicates = true;

  /** Per-column type overrides; other columns are inferred (number, date, else string). */
  @IsOptional()
  @IsObject()
  columnTypes?: Record<string, ColumnType>;
}
