import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CurrentPasswordField } from '../common/password.decorator';
import { MfaCodeField } from '../common/totp-code.decorator';

/** The code from the new secret; the current password too when the session's proof is old. */
export class EnableMfaDto {
  @MfaCodeField()
  code!: string;

  @ApiPropertyOptional({ format: 'password' })
  @IsOptional()
  @CurrentPasswordField()
  currentPassword?: string;
}
