import { EMAIL_MAX_LENGTH, emailKey, hasInvisibleCharacters } from '@gatehouse/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { isEmail, IsString, MaxLength, ValidateBy } from 'class-validator';
import { NormalizeEmail } from './transforms';

/** Why a (normalised) string is not an address we accept, or null. One reason at a time. */
function emailProblem(value: unknown): string | null {
  if (typeof value !== 'string') return null; // IsString reports it
  if (hasInvisibleCharacters(value))
    return 'email must not contain invisible or control characters';
  if (!isEmail(value)) return 'email must be a valid email address';
  if (emailKey(value).length > EMAIL_MAX_LENGTH)
    return `email must be shorter than or equal to ${EMAIL_MAX_LENGTH} characters`;
  return null;
}

/**
 * Every email a request carries (register, login, forgot-password, resend-verification): one
 * normalisation and one set of rules, so look-alikes cannot pass as a different address.
 */
export const EmailField = () =>
  applyDecorators(
    ApiProperty({
      example: 'ada@example.com',
      maxLength: EMAIL_MAX_LENGTH,
      description:
        'Trimmed, lower-cased and NFC-normalised; compared with compatibility forms folded (NFKC). Invisible and control characters are refused.',
    }),
    NormalizeEmail(),
    IsString(),
    MaxLength(EMAIL_MAX_LENGTH),
    ValidateBy({
      name: 'isAcceptableEmail',
      validator: {
        validate: (value: unknown) => emailProblem(value) === null,
        defaultMessage: (args) => emailProblem(args?.value) ?? 'email is invalid',
      },
    }),
  );
