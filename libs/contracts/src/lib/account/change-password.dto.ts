import { CurrentPasswordField, NewPasswordField } from '../common/password.decorator';

export class ChangePasswordDto {
  @CurrentPasswordField()
  currentPassword!: string;

  @NewPasswordField()
  newPassword!: string;
}
