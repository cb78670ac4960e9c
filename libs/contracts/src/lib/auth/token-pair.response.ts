import { ApiProperty } from '@nestjs/swagger';

/** RFC 6749 §5.1 access token response. */
export class TokenPairResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  access_token!: string;

  @ApiProperty({ example: 'k3Jx0v2_…', description: 'Single use: each refresh returns a new one.' })
  refresh_token!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ example: 1800, description: 'Access token lifetime in seconds.' })
  expires_in!: number;
}
