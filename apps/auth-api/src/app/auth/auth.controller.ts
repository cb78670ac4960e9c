import {
  LoginDto,
  MfaEnrollmentRequiredResponse,
  MfaLoginDto,
  MfaRequiredResponse,
  RefreshTokenDto,
  RegisterUserDto,
  TokenPairResponse,
  UserResponse,
} from '@gatehouse/contracts';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { AuthService } from './auth.service';
import { LoginService } from './login.service';

@ApiTags('auth')
@ApiExtraModels(TokenPairResponse, MfaRequiredResponse, MfaEnrollmentRequiredResponse)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly logins: LoginService,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account (email trimmed and lower-cased)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 409, 413)
  register(@Body() dto: RegisterUserDto, @Client() client: ClientContext): Promise<UserResponse> {
    return this.auth.register(dto, client);
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange email and password for tokens, or for an mfa_token when 2FA is on',
    description:
      'Five attempts per account and client within five minutes, or 100 failures on the ' +
      'account from anywhere, answer 429 with Retry-After. While REQUIRE_ADMIN_MFA is on, an ' +
      'admin without 2FA gets no tokens but mfa_enrollment_required and an enrollment_token ' +
      'for POST /auth/login/mfa-enrollment/setup and …/enable.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(TokenPairResponse) },
        { $ref: getSchemaPath(MfaRequiredResponse) },
        { $ref: getSchemaPath(MfaEnrollmentRequiredResponse) },
      ],
    },
  })
  @ApiErrors(400, 401, 403, 429)
  login(
    @Body() dto: LoginDto,
    @Client() client: ClientContext,
  ): Promise<TokenPairResponse | MfaRequiredResponse | MfaEnrollmentRequiredResponse> {
    return this.logins.login(dto, client);
  }

  @Public()
  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Finish a 2FA sign-in with a TOTP code or a recovery code' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401, 429)
  loginWithMfa(
    @Body() dto: MfaLoginDto,
    @Client() client: ClientContext,
  ): Promise<TokenPairResponse> {
    return this.logins.loginWithMfa(dto, client);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The account behind the access token' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: Principal): Promise<UserResponse> {
    return this.auth.me(user);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Rotate a refresh token: the old one is revoked, a new pair returned' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiErrors(400, 401)
  refresh(
    @Body() dto: RefreshTokenDto,
    @Client() client: ClientContext,
  ): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refresh_token, client);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of this refresh token (idempotent)' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  logout(@Body() dto: RefreshTokenDto, @Client() client: ClientContext): Promise<void> {
    return this.auth.logout(dto.refresh_token, client);
  }

  @Post('logout-all')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End every session and invalidate every access token issued so far' })
  @ApiNoContentResponse()
  logoutAll(@CurrentUser() user: Principal, @Client() client: ClientContext): Promise<void> {
    return this.auth.logoutAll(user.id, client);
  }
}
