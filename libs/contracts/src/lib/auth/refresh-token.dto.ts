import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** RFC 6749 names its fields in snake_case; so do we, on the token endpoints only. */
export class RefreshTokenDto {
  @ApiProperty({ example: 'k3Jx0v2_…', description: 'The opaque refresh token from login.' })
  @IsString()
  @Length(16, 256)
  refresh_token!: string;
}
