import {
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
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { OptionalAuth, Public } from '../../common/decorators/public.decorator';
import type { ClientContext } from '../../common/http/client-context';
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
  constructor(private readonly sso: SsoService) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The OpenID Connect providers one can sign in with' })
  @ApiOkResponse({ type: [SsoProviderResponse] })
  providers(): SsoProviderResponse[] {
    return this.sso.providers();
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
