import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status!: 'ok' | 'degraded';

  @ApiPropertyOptional({ example: true, description: 'auth-api: the database answered.' })
  db?: boolean;

  @ApiPropertyOptional({
    example: false,
    description: 'auth-api: Redis answered; false when no Redis is configured.',
  })
  redis?: boolean;
}
