import { ApiProperty } from '@nestjs/swagger';

export class DailyActivity {
  @ApiProperty({ example: '2026-11-25', description: 'UTC day' })
  date!: string;

  @ApiProperty({ example: 4 })
  signups!: number;

  @ApiProperty({ example: 31 })
  logins!: number;
}

export class DailyActivityResponse {
  @ApiProperty({
    type: [DailyActivity],
    description: 'One entry per day, oldest first, days without events included',
  })
  days!: DailyActivity[];
}
