import { CurrentPasswordField } from '../common/password.decorator';
import { MfaCodeField } from '../common/totp-code.decorator';

export class DisableMfaDto {
  @CurrentPasswordField()
  password!: string;

  @MfaCodeField()
  code!: string;
}
