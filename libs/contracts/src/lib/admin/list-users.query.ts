import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../common/transforms';

export class PageQuery {
  // Typed by hand: an initialised property carries no design type, and Swagger said `object`.
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Matches email, first name and last name (case-insensitive)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(254)
  q?: string;
}
