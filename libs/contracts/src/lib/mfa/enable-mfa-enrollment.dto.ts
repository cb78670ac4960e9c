import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { MfaEnrollmentDto } from './mfa-enrollment.dto';

/** Confirms the new authenticator with a code from it (recovery codes do not exist yet). */
export class EnableMfaEnrollmentDto extends MfaEnrollmentDto {
  @ApiProperty({ example: '123456', description: 'A 6-digit code from the authenticator app' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\s+/g, '') : value,
  )
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}
