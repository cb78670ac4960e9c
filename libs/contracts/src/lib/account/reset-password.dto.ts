import { OneTimeTokenField } from '../common/one-time-token.decorator';
import { NewPasswordField } from '../common/password.decorator';

export class ResetPasswordDto {
  @OneTimeTokenField('The token from the reset link (valid 1 h, single use)')
  token!: string;

  @NewPasswordField()
  password!: string;
}
