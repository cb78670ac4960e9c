import {
  EnableMfaEnrollmentDto,
  MfaEnrollmentCompletedResponse,
  MfaEnrollmentDto,
  MfaSetupResponse,
} from '@gatehouse/contracts';
import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { ClientContext } from '../../common/http/client-context';
import { MfaEnrollmentService } from './mfa-enrollment.service';

/** The guided 2FA enrolment of an admin's sign-in (REQUIRE_ADMIN_MFA). */
@ApiTags('auth')
@Public()
@Controller('auth/login/mfa-enrollment')
export class MfaEnrollmentController {
  constructor(private readonly enrollment: MfaEnrollmentService) {}

  @Post('setup')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Admin sign-in without 2FA, step 1: a TOTP secret, its otpauth URL and a QR code',
    description:
      'Takes the enrollment_token of a login answer that said mfa_enrollment_required. May be ' +
      'repeated: each call replaces the pending secret. 401 INVALID_CREDENTIALS when the token ' +
      'is unknown, used or expired (sign in again); 409 MFA_ALREADY_ENABLED.',
  })
  @ApiOkResponse({ type: MfaSetupResponse })
  @ApiErrors(400, 401, 409)
  setup(@Body() dto: MfaEnrollmentDto): Promise<MfaSetupResponse> {
    return this.enrollment.setup(dto.enrollment_token);
  }

  @Post('enable')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Admin sign-in without 2FA, step 2: confirm a code; 2FA is on and the sign-in done',
    description:
      'Answers the token pair and ten one-time recovery codes (shown only now); the enrolment ' +
      'token is used up. A wrong code is 401 INVALID_MFA_CODE, counted and audited like a ' +
      'failed sign-in (login.failed), with the sign-in limits (429 with Retry-After). 400 ' +
      'MFA_NOT_ENABLED before step 1; 401 INVALID_CREDENTIALS for an unknown, used or expired ' +
      'token.',
  })
  @ApiOkResponse({ type: MfaEnrollmentCompletedResponse })
  @ApiErrors(400, 401, 409, 429)
  enable(
    @Body() dto: EnableMfaEnrollmentDto,
    @Client() client: ClientContext,
  ): Promise<MfaEnrollmentCompletedResponse> {
    return this.enrollment.enable(dto.enrollment_token, dto.code, client);
  }
}
