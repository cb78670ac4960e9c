import { MfaCodeField } from '../common/totp-code.decorator';

export class MfaCodeDto {
  @MfaCodeField()
  code!: string;
}
