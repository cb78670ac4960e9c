import {
  AcceptedResponse,
  ChangeEmailDto,
  ChangePasswordDto,
  ConfirmEmailChangeDto,
  EmailOnlyDto,
  RecentAuthProofDto,
  ResetPasswordDto,
  UpdateProfileDto,
  UserResponse,
  VerifyEmailDto,
} from '@gatehouse/contracts';
import { Body, Controller, Delete, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import { MailRequestLimited } from '../rate-limit/mail-request-limited.decorator';
import type { Principal } from '../users/principal';
import { AccountService } from './account.service';
import { EmailChangeService } from './email-change.service';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

const ACCEPTED: AcceptedResponse = {
  message: 'If an account exists for this email, a message is on its way.',
};

@ApiTags('account')
@Controller('auth')
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly verification: EmailVerificationService,
    private readonly reset: PasswordResetService,
    private readonly emailChange: EmailChangeService,
  ) {}

  @Public()
  @Post('verify-email')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm the email address with the token from the mailed link' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400)
  verifyEmail(@Body() dto: VerifyEmailDto, @Client() client: ClientContext): Promise<UserResponse> {
    return this.verification.verify(dto.token, client);
  }

  @Public()
  @MailRequestLimited()
  @Post('resend-verification')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Mail a new verification link (202 whether or not the account exists)' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(400, 429)
  resendVerification(@Body() dto: EmailOnlyDto, @Client() client: ClientContext): AcceptedResponse {
    this.verification.resend(dto.email, client);
    return ACCEPTED;
  }

  @Public()
  @MailRequestLimited()
  @Post('forgot-password')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a password-reset link valid 1 h (202 whether or not the account exists)',
  })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(400, 429)
  forgotPassword(@Body() dto: EmailOnlyDto, @Client() client: ClientContext): AcceptedResponse {
    this.reset.request(dto.email, client);
    return ACCEPTED;
  }

  @Public()
  @Post('reset-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the mailed token; ends every session' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  resetPassword(@Body() dto: ResetPasswordDto, @Client() client: ClientContext): Promise<void> {
    return this.reset.reset(dto.token, dto.password, client);
  }

  @Post('change-password')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Change the password (current one required); ends the other sessions. A passwordless account gets 400 PASSWORD_NOT_SET: it sets one through the reset link',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  changePassword(
    @CurrentUser() user: Principal,
    @Body() dto: ChangePasswordDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.account.changePassword(user, dto.currentPassword, dto.newPassword, client);
  }

  @Post('change-email')
  @Authenticated()
  @RequiresRecentAuth()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Move the account to another address: a link valid EMAIL_CHANGE_TOKEN_TTL_SECONDS goes to it, a notice to the old one',
  })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiErrors(400, 409, 429)
  changeEmail(
    @CurrentUser() user: Principal,
    @Body() dto: ChangeEmailDto,
    @Client() client: ClientContext,
  ): Promise<AcceptedResponse> {
    return this.emailChange.request(user, dto.newEmail, client);
  }

  @Public()
  @Post('confirm-email-change')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Apply the new address with the token from its link; ends every session',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  confirmEmailChange(
    @Body() dto: ConfirmEmailChangeDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.emailChange.confirm(dto.token, client);
  }

  @Delete('me/password')
  @Authenticated()
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Go passwordless: drop the password (409 LAST_SIGN_IN_METHOD without a passkey or provider); ends the other sessions',
  })
  @ApiNoContentResponse()
  @ApiErrors(409)
  removePassword(
    @CurrentUser() user: Principal,
    // Read by RecentAuthGuard; bound here so the body is validated like any other.
    @Body() _proof: RecentAuthProofDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.account.removePassword(user, client);
  }

  @Patch('me')
  @Authenticated()
  @ApiOperation({ summary: 'Update first and last name' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400)
  updateProfile(
    @CurrentUser() user: Principal,
    @Body() dto: UpdateProfileDto,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    return this.account.updateProfile(user, dto, client);
  }
}
