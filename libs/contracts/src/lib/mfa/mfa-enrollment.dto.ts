import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** The enrolment step of a sign-in: the token from the login answer that said enrolment. */
export class MfaEnrollmentDto {
  @ApiProperty({ description: 'From the login answer that said mfa_enrollment_required' })
  @IsString()
  @Length(43, 43)
  @Matches(/^[A-Za-z0-9_-]+$/)
  enrollment_token!: string;
}
