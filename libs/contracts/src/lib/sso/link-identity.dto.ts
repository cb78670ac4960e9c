import { OneTimeTokenField } from '../common/one-time-token.decorator';

export class LinkIdentityDto {
  @OneTimeTokenField('From the callback answer that said link_required')
  link_token!: string;
}
