import { EmailField } from '../common/email.decorator';
import { OptionalNameField } from '../common/name.decorator';
import { NewPasswordField } from '../common/password.decorator';

export class RegisterUserDto {
  @EmailField()
  email!: string;

  @NewPasswordField()
  password!: string;

  @OptionalNameField('Ada')
  firstName?: string;

  @OptionalNameField('Lovelace')
  lastName?: string;
}
