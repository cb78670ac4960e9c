import { ApiProperty } from '@nestjs/swagger';
import { PasskeyNameField } from './passkey-name.decorator';

export class RenamePasskeyDto {
  @ApiProperty({ example: 'Work laptop', minLength: 1, maxLength: 64 })
  @PasskeyNameField()
  name!: string;
}
