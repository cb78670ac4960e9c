import { EmailField } from '../common/email.decorator';

/** forgot-password and resend-verification: answered 202 whether or not the account exists. */
export class EmailOnlyDto {
  @EmailField()
  email!: string;
}
