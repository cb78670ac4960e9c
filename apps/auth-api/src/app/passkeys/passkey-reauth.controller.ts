import { PasskeyAssertionDto, PasskeyOptionsResponse } from '@gatehouse/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { PasskeyReauthService } from './passkey-reauth.service';

@ApiTags('account')
@Authenticated()
@Controller('auth/reauthenticate/passkey')
export class PasskeyReauthController {
  constructor(private readonly reauth: PasskeyReauthService) {}

  @Post('options')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start re-authenticating with one of the caller’s passkeys' })
  @ApiOkResponse({ type: PasskeyOptionsResponse })
  @ApiErrors(400)
  options(@CurrentUser() user: Principal): Promise<PasskeyOptionsResponse> {
    return this.reauth.options(user);
  }

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Prove a passkey again: sensitive routes then work for REAUTH_MAX_AGE_SECONDS in this session',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  reauthenticate(
    @CurrentUser() user: Principal,
    @Body() dto: PasskeyAssertionDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.reauth.reauthenticate(user, dto, client);
  }
}
