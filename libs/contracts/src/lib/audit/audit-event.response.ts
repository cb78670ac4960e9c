import { ApiProperty } from '@nestjs/swagger';

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'login.failed' })
  type!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The user the event is about',
  })
  userId!: string | null;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Who acted (an admin, or the user)',
  })
  actorId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ nullable: true, type: String })
  userAgent!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'a1b2c3d4' })
  traceId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { reason: 'wrong_password' },
  })
  details!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class AuditEventPageResponse {
  @ApiProperty({ type: [AuditEventResponse] })
  items!: AuditEventResponse[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  limit!: number;
}
