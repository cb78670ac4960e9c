import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: ['email must be a valid email address'], type: [String] })
  messages!: string[];
}

/** The one error shape every endpoint answers with. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'email must be a valid email address' })
  message!: string;

  @ApiProperty({ example: 'a1b2c3d4', description: 'Echoes the X-Request-Id response header.' })
  traceId!: string;

  @ApiPropertyOptional({ example: 'EMAIL_TAKEN', description: 'A stable machine-readable code.' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldError], description: 'Each invalid field and why.' })
  errors?: FieldError[];
}
