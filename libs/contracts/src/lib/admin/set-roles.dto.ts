import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, MaxLength } from 'class-validator';

export class SetRolesDto {
  @ApiProperty({
    example: ['user', 'admin'],
    type: [String],
    description: 'The complete set of roles; it must include "user", which every account keeps',
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  roles!: string[];
}
