import { EmailField } from '../common/email.decorator';
import { RecentAuthProofDto } from '../reauth/recent-auth-proof.dto';

/** Asks to move the account to `newEmail`; the change applies once the mailed link is used. */
export class ChangeEmailDto extends RecentAuthProofDto {
  @EmailField()
  newEmail!: string;
}
