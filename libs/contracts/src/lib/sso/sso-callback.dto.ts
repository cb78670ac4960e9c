import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength } from 'class-validator';
import { OneTimeTokenField } from '../common/one-time-token.decorator';

export class SsoCallbackDto {
  @OneTimeTokenField('The flow_token the start answer gave this browser')
  flow_token!: string;

  @ApiProperty({
    example: 'http://localhost:8001/auth/sso/google/callback?code=…&state=…',
    description:
      'The whole URL the provider redirected the browser to (its query: code, state, iss)',
  })
  @IsString()
  @MaxLength(4000)
  @IsUrl({ require_tld: false, require_protocol: true })
  callback_url!: string;
}

/** An account has this email but is not linked: its owner must sign in, then link. */
export class SsoLinkRequiredResponse {
  @ApiProperty({ example: true, enum: [true] })
  link_required!: true;

  @ApiProperty({ description: 'For POST /auth/sso/link; single use, bound to that account' })
  link_token!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'google' })
  provider!: string;
}

/** The provider account is now linked to the signed-in account. */
export class SsoLinkedResponse {
  @ApiProperty({ example: true, enum: [true] })
  linked!: true;

  @ApiProperty({ example: 'google' })
  provider!: string;
}
