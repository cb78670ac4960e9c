import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { MfaCodeField } from '../common/totp-code.decorator';

export class MfaLoginDto {
  @ApiProperty({ description: 'From the login answer that said mfa_required (valid 5 minutes)' })
  @IsString()
  @Length(43, 43)
  @Matches(/^[A-Za-z0-9_-]+$/)
  mfa_token!: string;

  @MfaCodeField()
  code!: string;
}
