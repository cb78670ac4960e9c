import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** A 6-digit TOTP code, or a recovery code such as `k3jd9-2mxqa` (spaces ignored). */
export const MfaCodeField = () =>
  applyDecorators(
    ApiProperty({
      example: '123456',
      description: 'A 6-digit authenticator code or a recovery code',
    }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.replace(/\s+/g, '') : value,
    ),
    IsString(),
    Matches(/^(\d{6}|[a-z0-9]{5}-?[a-z0-9]{5})$/i, {
      message: 'code must be 6 digits or a recovery code',
    }),
  );
