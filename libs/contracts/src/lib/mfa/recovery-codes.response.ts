import { ApiProperty } from '@nestjs/swagger';

export class RecoveryCodesResponse {
  @ApiProperty({
    example: ['k3jd9-2mxqa', 'p0wz8-ttr4c'],
    type: [String],
    description: 'Shown once; each works once',
  })
  recoveryCodes!: string[];
}
