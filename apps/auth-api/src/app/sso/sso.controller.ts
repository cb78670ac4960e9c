import {
  IdentityResponse,
  LinkIdentityDto,
  MfaEnrollmentRequiredResponse,
  MfaRequiredResponse,
  SsoCallbackDto,
  SsoLinkedResponse,
  SsoLinkRequiredResponse,
  SsoProviderResponse,
  SsoStartResponse,
  StartSsoDto,
  TokenPairResponse,
} from '@gatehouse/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { OptionalAuth, Public } from '../../common/decorators/public.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { IdentitiesService } from './identities.service';
import { type SsoCallbackResult, SsoService } from './sso.service';

@ApiTags('sso')
@ApiExtraModels(
  TokenPairResponse,
  MfaRequiredResponse,
  MfaEnrollmentRequiredResponse,
  SsoLinkRequiredResponse,
  SsoLinkedResponse,
)
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly identities: IdentitiesService,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The OpenID Connect providers one can sign in with' })
  @ApiOkResponse({ type: [SsoProviderResponse] })
  providers(): SsoProviderResponse[] {
    return this.sso.providers();
  }

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

  @Public()
  @OptionalAuth()
  @Post(':provider/start')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start signing in (or, signed in with intent=link, linking) at a provider',
    description:
      'Send the browser to authorization_url; keep flow_token in that browser (an httpOnly ' +
      'cookie) and present it with the callback. intent=link needs a bearer token of a session ' +
      'that signed in or re-authenticated within REAUTH_MAX_AGE_SECONDS.',
  })
  @ApiOkResponse({ type: SsoStartResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  start(
    @Param('provider') provider: string,
    @Body() dto: StartSsoDto,
    @Req() request: FastifyRequest,
  ): Promise<SsoStartResponse> {
    return this.sso.start(provider, dto, request.principal);
  }

  @Public()
  @Post(':provider/callback')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Finish a flow with the URL the provider redirected to',
    description:
      'Answers tokens, the 2FA step (or admin enrolment) as login does, link_required when an ' +
      'account has the email but is not linked, or linked for intent=link.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(TokenPairResponse) },
        { $ref: getSchemaPath(MfaRequiredResponse) },
        { $ref: getSchemaPath(MfaEnrollmentRequiredResponse) },
        { $ref: getSchemaPath(SsoLinkRequiredResponse) },
        { $ref: getSchemaPath(SsoLinkedResponse) },
      ],
    },
  })
  @ApiErrors(400, 403, 404, 409, 503)
  callback(
    @Param('provider') provider: string,
    @Body() dto: SsoCallbackDto,
    @Client() client: ClientContext,
  ): Promise<SsoCallbackResult> {
    return this.sso.callback(provider, dto, client);
  }
}
