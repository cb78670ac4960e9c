import { ApiProperty } from '@nestjs/swagger';

/** What an admin's "end every session" did. */
export class EndedSessionsResponse {
  @ApiProperty({ example: 2, description: 'Live sessions (signed-in devices) that were ended' })
  ended!: number;
}
