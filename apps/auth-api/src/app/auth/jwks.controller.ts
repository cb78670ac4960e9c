import { JwksResponse } from '@gatehouse/contracts';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/decorators/public.decorator';
import { AccessTokenService } from './tokens/access-token.service';

@ApiTags('auth')
@Public()
@Controller('.well-known')
export class JwksController {
  private readonly jwks: JwksResponse;

  constructor(accessTokens: AccessTokenService) {
    const jwk = accessTokens.keys.publicJwk;
    this.jwks = { keys: jwk ? [jwk] : [] };
  }

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens (RS256/ES256); empty for HS256' })
  @ApiOkResponse({ type: JwksResponse })
  keys(): JwksResponse {
    return this.jwks;
  }
}
