import { ApiProperty } from '@nestjs/swagger';

/** A provider account linked to the signed-in account. */
export class IdentityResponse {
  @ApiProperty({ example: 'google' })
  provider!: string;

  @ApiProperty({ example: 'Google' })
  name!: string;

  @ApiProperty({ example: 'ada@gmail.com', nullable: true, type: String })
  email!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  linkedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: string | null;
}
