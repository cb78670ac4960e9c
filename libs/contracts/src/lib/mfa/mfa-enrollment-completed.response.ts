import { ApiProperty } from '@nestjs/swagger';
import { TokenPairResponse } from '../auth/token-pair.response';

/** A sign-in completed by enrolling 2FA: the token pair and the recovery codes, shown once. */
export class MfaEnrollmentCompletedResponse extends TokenPairResponse {
  @ApiProperty({
    example: ['k3jd9-2mxqa', 'p0wz8-ttr4c'],
    type: [String],
    description: 'Shown once; each works once',
  })
  recoveryCodes!: string[];
}
