import { ApiProperty } from '@nestjs/swagger';

/** The login answer for an account with 2FA: finish with POST /auth/login/mfa. */
export class MfaRequiredResponse {
  @ApiProperty({ example: true, enum: [true] })
  mfa_required!: true;

  @ApiProperty({ example: 'Zb2…', description: 'Single use, valid 5 minutes' })
  mfa_token!: string;
}
