import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { OptionalNameField } from '../common/name.decorator';

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false ends every session of the user at once' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isVerified?: boolean;

  @OptionalNameField('Ada')
  firstName?: string | null;

  @OptionalNameField('Lovelace')
  lastName?: string | null;
}
