import { IdentityResponse, LinkIdentityDto, SsoLinkedResponse } from '@gatehouse/contracts';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { IdentitiesService } from './identities.service';

/** The signed-in user's provider accounts: list, link (after link_required), unlink. */
@ApiTags('sso')
@Controller('auth/sso')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get('identities')
  @Authenticated()
  @ApiOperation({ summary: "The provider accounts linked to the caller's account" })
  @ApiOkResponse({ type: [IdentityResponse] })
  list(@CurrentUser() user: Principal): Promise<IdentityResponse[]> {
    return this.identities.list(user);
  }

  @Delete('identities/:provider')
  @Authenticated()
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink a provider account (never the last way to sign in: 409)' })
  @ApiNoContentResponse()
  @ApiErrors(404, 409)
  unlink(
    @CurrentUser() user: Principal,
    @Param('provider') provider: string,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.identities.unlink(user, provider, client);
  }

  @Post('link')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Link the provider account of a link_required answer, signed in to that account',
    description:
      'The session must have proved the password (or a passkey) within REAUTH_MAX_AGE_SECONDS; ' +
      'a session opened through a provider re-authenticates first.',
  })
  @ApiOkResponse({ type: SsoLinkedResponse })
  @ApiErrors(400, 403, 409)
  link(
    @CurrentUser() user: Principal,
    @Body() dto: LinkIdentityDto,
    @Client() client: ClientContext,
  ): Promise<SsoLinkedResponse> {
    return this.identities.link(user, dto, client);
  }
}
