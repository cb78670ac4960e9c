import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CurrentPasswordField } from '../common/password.decorator';
import { MfaCodeField } from '../common/totp-code.decorator';

/**
 * A proof sent with a sensitive request instead of re-authenticating first (ASVS 7.5.1):
 * needed only when the session's sign-in or re-authentication is older than
 * REAUTH_MAX_AGE_SECONDS. `code` (TOTP or recovery) counts only while 2FA is on.
 */
export class RecentAuthProofDto {
  @ApiPropertyOptional({ format: 'password' })
  @IsOptional()
  @CurrentPasswordField()
  currentPassword?: string;

  @ApiPropertyOptional({ example: '123456' })
  @IsOptional()
  @MfaCodeField()
  code?: string;
}
