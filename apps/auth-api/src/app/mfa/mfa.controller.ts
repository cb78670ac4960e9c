import {
  DisableMfaDto,
  EnableMfaDto,
  MfaSetupResponse,
  RecentAuthProofDto,
  RecoveryCodesResponse,
} from '@gatehouse/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { MfaService } from './mfa.service';

@ApiTags('two-factor')
@Authenticated()
@Controller('auth/2fa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('setup')
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start TOTP setup: a secret, its otpauth URL and a QR code' })
  @ApiOkResponse({ type: MfaSetupResponse })
  @ApiErrors(409)
  setup(
    @CurrentUser() user: Principal,
    // Read by RecentAuthGuard; bound here so the body is validated like any other.
    @Body() _proof: RecentAuthProofDto,
  ): Promise<MfaSetupResponse> {
    return this.mfa.setup(user);
  }

  @Post('enable')
  @RequiresRecentAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm with a code from the app; answers ten one-time recovery codes',
  })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiErrors(400, 409, 429)
  async enable(
    @CurrentUser() user: Principal,
    @Body() dto: EnableMfaDto,
    @Client() client: ClientContext,
  ): Promise<RecoveryCodesResponse> {
    return { recoveryCodes: await this.mfa.enable(user, dto.code, client) };
  }

  @Post('recovery-codes')
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Ten new recovery codes; the earlier ones stop working' })
  @ApiOkResponse({ type: RecoveryCodesResponse })
  @ApiErrors(400)
  async regenerateRecoveryCodes(
    @CurrentUser() user: Principal,
    @Body() _proof: RecentAuthProofDto,
    @Client() client: ClientContext,
  ): Promise<RecoveryCodesResponse> {
    return { recoveryCodes: await this.mfa.regenerateRecoveryCodes(user, client) };
  }

  /** Needs the password and a code in the body on every call: a proof of its own. */
  @Post('disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Turn 2FA off (password and a code required)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 429)
  disable(
    @CurrentUser() user: Principal,
    @Body() dto: DisableMfaDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.mfa.disable(user, dto.password, dto.code, client);
  }
}
