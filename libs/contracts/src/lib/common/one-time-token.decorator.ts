import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** A 256-bit token from an emailed link: 43 URL-safe base64 characters. */
export const OneTimeTokenField = (description: string) =>
  applyDecorators(
    ApiProperty({ example: 'q8ZlX0y2m3Jk7o9pQ1rS4tU6vW8xY0zA2bC4dE6fG8h', description }),
    IsString(),
    Length(43, 43, { message: 'token must be 43 characters (copy the whole link)' }),
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'token contains characters a link never has' }),
  );
