import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@gatehouse/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/**
 * A password as typed: never trimmed or case-folded (ASVS 6.2.8). Strength beyond length is
 * judged by the API's password policy, which knows the email and the common-password lists.
 */
export const NewPasswordField = () =>
  applyDecorators(
    ApiProperty({
      example: 'correct-horse-battery-staple',
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      format: 'password',
    }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH),
    MaxLength(PASSWORD_MAX_LENGTH),
  );

/** A password being checked, not set: only shape limits, so old passwords still verify. */
export const CurrentPasswordField = () =>
  applyDecorators(
    ApiProperty({ example: 'correct-horse-battery-staple', format: 'password' }),
    IsString(),
    MinLength(1),
    MaxLength(PASSWORD_MAX_LENGTH),
  );
