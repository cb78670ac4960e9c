import { OneTimeTokenField } from '../common/one-time-token.decorator';

export class ConfirmEmailChangeDto {
  @OneTimeTokenField('The token from the link mailed to the new address (single use)')
  token!: string;
}
