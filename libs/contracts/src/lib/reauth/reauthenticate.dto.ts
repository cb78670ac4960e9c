import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { CurrentPasswordField } from '../common/password.decorator';
import { MfaCodeField } from '../common/totp-code.decorator';

/** The password, or (with 2FA on) a TOTP or recovery code: one of the two. */
export class ReauthenticateDto {
  @ApiPropertyOptional({ format: 'password', description: 'Required unless `code` is sent' })
  @ValidateIf((dto: ReauthenticateDto) => dto.code === undefined)
  @CurrentPasswordField()
  password?: string;

  @ApiPropertyOptional({ example: '123456', description: 'With 2FA on, instead of `password`' })
  @ValidateIf((dto: ReauthenticateDto) => dto.password === undefined)
  @MfaCodeField()
  code?: string;
}
