import { IsArray, IsOptional, IsString } from 'class-validator';

/** The `features` section: model inputs. Omit numeric/categorical to infer them from column types. */
export class FeaturesConfig {
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  numeric?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  categorical?: string[];

  /** Columns never used as features when inferring (ids, free text, leaks). */
  @IsArray()
  @IsString({ each: true })
  exclude: string[] = [];
}
