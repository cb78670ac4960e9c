import { OneTimeTokenField } from '../common/one-time-token.decorator';

export class VerifyEmailDto {
  @OneTimeTokenField('The token from the verification link (valid 24 h, single use)')
  token!: string;
}
