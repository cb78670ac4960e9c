import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';
import { Trim } from '../common/transforms';

export const PASSKEY_NAME_MAX_LENGTH = 64;

/** A passkey's label: trimmed, 1 to 64 characters, no control characters. */
export const PasskeyNameField = () =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(1, PASSKEY_NAME_MAX_LENGTH),
    Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' }),
  );
