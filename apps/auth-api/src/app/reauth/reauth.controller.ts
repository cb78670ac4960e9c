import { ReauthenticateDto } from '@gatehouse/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { ReauthService } from './reauth.service';

@ApiTags('account')
@Authenticated()
@Controller('auth')
export class ReauthController {
  constructor(private readonly reauth: ReauthService) {}

  @Post('reauthenticate')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Prove the password (or, with 2FA on, a code) again: sensitive routes then work for ' +
      'REAUTH_MAX_AGE_SECONDS in this session',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  reauthenticate(
    @CurrentUser() user: Principal,
    @Body() dto: ReauthenticateDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    const proof =
      dto.password !== undefined ? { password: dto.password } : { code: dto.code ?? '' };
    return this.reauth.reauthenticate(user, proof, client);
  }
}
