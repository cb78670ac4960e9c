import { ApiProperty } from '@nestjs/swagger';

/** A configured OpenID Connect provider, as sign-in buttons show it. */
export class SsoProviderResponse {
  @ApiProperty({ example: 'google', description: 'The id used in /auth/sso/{provider}/…' })
  id!: string;

  @ApiProperty({ example: 'Google' })
  name!: string;
}
