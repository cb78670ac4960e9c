import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from './transforms';

export const NAME_MAX_LENGTH = 100;

/** An optional first or last name: trimmed, at most 100 characters. */
export const OptionalNameField = (example: string) =>
  applyDecorators(
    // The type is named: `string | null` has no runtime type, and Swagger said `object`.
    ApiPropertyOptional({ type: String, example, maxLength: NAME_MAX_LENGTH, nullable: true }),
    Trim(),
    IsOptional(),
    IsString(),
    MaxLength(NAME_MAX_LENGTH),
  );
