import {
  PasskeyAssertionDto,
  PasskeyOptionsResponse,
  TokenPairResponse,
} from '@gatehouse/contracts';
import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { ClientContext } from '../../common/http/client-context';
import { PasskeySignInService } from './passkey-sign-in.service';

@ApiTags('passkeys')
@Public()
@Controller('auth/passkeys/authentication')
export class PasskeySignInController {
  constructor(private readonly signIn: PasskeySignInService) {}

  @Post('options')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a passkey sign-in: request options for a discoverable credential',
  })
  @ApiOkResponse({ type: PasskeyOptionsResponse })
  @ApiErrors(429)
  options(): Promise<PasskeyOptionsResponse> {
    return this.signIn.options();
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Sign in with a passkey: tokens as from POST /auth/login, with no 2FA step',
    description:
      'The passkey verified the user (UV), so it counts as multi-factor: TOTP is not asked and ' +
      'REQUIRE_ADMIN_MFA is met. Counted and limited like password attempts.',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 403, 429)
  authenticate(
    @Body() dto: PasskeyAssertionDto,
    @Client() client: ClientContext,
  ): Promise<TokenPairResponse> {
    return this.signIn.signIn(dto, client);
  }
}
