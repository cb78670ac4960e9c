import { ApiProperty } from '@nestjs/swagger';

/**
 * The login answer for an admin without 2FA while REQUIRE_ADMIN_MFA is on: no tokens yet.
 * Enrol with POST /auth/login/mfa-enrollment/setup, then …/enable, which completes the sign-in.
 */
export class MfaEnrollmentRequiredResponse {
  @ApiProperty({ example: true, enum: [true] })
  mfa_enrollment_required!: true;

  @ApiProperty({
    example: 'Qm9…',
    description: 'Single use, valid 15 minutes (MFA_ENROLLMENT_TOKEN_TTL_SECONDS)',
  })
  enrollment_token!: string;
}
