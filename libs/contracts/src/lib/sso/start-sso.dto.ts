import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';

export const SSO_INTENTS = ['sign_in', 'link'] as const;
export type SsoIntent = (typeof SSO_INTENTS)[number];

export class StartSsoDto {
  @ApiPropertyOptional({
    enum: SSO_INTENTS,
    default: 'sign_in',
    description: '`link` adds the provider to the signed-in account (recent sign-in needed)',
  })
  @IsOptional()
  @IsIn(SSO_INTENTS)
  intent?: SsoIntent;

  @ApiPropertyOptional({
    example: 'http://localhost:8001/auth/sso/google/callback',
    description: "Defaults to the web app's callback; others only if listed in SSO_REDIRECT_URIS",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ require_tld: false, require_protocol: true })
  redirect_uri?: string;
}

/** Where to send the browser, and the secret that must come back with the callback. */
export class SsoStartResponse {
  @ApiProperty({ example: 'https://accounts.google.com/o/oauth2/v2/auth?…' })
  authorization_url!: string;

  @ApiProperty({
    description:
      'Keep it in the browser that started the flow (an httpOnly cookie): the callback needs it',
  })
  flow_token!: string;

  @ApiProperty({ example: 600, description: 'Seconds the flow stays valid' })
  expires_in!: number;
}
