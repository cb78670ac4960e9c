import { MfaCodeField } from '../common/totp-code.decorator';
import { CurrentPasswordField } from '../common/password.decorator';

export class DisableMfaDto {
  @CurrentPasswordField()
  password!: string;

  @MfaCodeField()
  code!: string;
}
