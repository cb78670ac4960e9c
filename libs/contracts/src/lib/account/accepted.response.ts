import { ApiProperty } from '@nestjs/swagger';

export class AcceptedResponse {
  @ApiProperty({ example: 'If an account exists for this email, a message is on its way.' })
  message!: string;
}
