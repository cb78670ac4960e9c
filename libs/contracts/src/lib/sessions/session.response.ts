import { ApiProperty } from '@nestjs/swagger';

/** One signed-in device: a refresh-token family. */
export class SessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'When the user signed in on this device' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'The last token refresh' })
  lastUsedAt!: string;

  @ApiProperty({ example: 'Mozilla/5.0 (X11; Linux x86_64)', nullable: true, type: String })
  userAgent!: string | null;

  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  ip!: string | null;

  @ApiProperty({ description: 'The session of the access token making this request' })
  current!: boolean;
}
