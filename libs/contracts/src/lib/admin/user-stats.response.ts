import { ApiProperty } from '@nestjs/swagger';

export class UserStatsResponse {
  @ApiProperty({ example: 120 })
  total!: number;

  @ApiProperty({ example: 118 })
  active!: number;

  @ApiProperty({ example: 97 })
  verified!: number;

  @ApiProperty({ example: 2 })
  admins!: number;
}
