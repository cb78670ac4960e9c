import { EmailField } from '../common/email.decorator';
import { CurrentPasswordField } from '../common/password.decorator';

export class LoginDto {
  @EmailField()
  email!: string;

  @CurrentPasswordField()
  password!: string;
}
