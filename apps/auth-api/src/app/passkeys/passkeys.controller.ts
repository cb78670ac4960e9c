import {
  PasskeyOptionsResponse,
  PasskeyResponse,
  RecentAuthProofDto,
  RegisterPasskeyDto,
  RenamePasskeyDto,
} from '@gatehouse/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { PasskeyRegistrationService } from './passkey-registration.service';
import { PasskeysService } from './passkeys.service';

const Id = () => Param('id', new ParseUUIDPipe({ version: '4' }));

@ApiTags('passkeys')
@Authenticated()
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly registration: PasskeyRegistrationService,
    private readonly passkeys: PasskeysService,
  ) {}

  @Post('registration/options')
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start adding a passkey: creation options bound to this session' })
  @ApiOkResponse({ type: PasskeyOptionsResponse })
  registrationOptions(
    @CurrentUser() user: Principal,
    // Read by RecentAuthGuard; bound here so the body is validated like any other.
    @Body() _proof: RecentAuthProofDto,
  ): Promise<PasskeyOptionsResponse> {
    return this.registration.options(user);
  }

  @Post()
  @RequiresRecentAuth()
  @ApiOperation({ summary: 'Finish adding a passkey with the authenticator’s answer' })
  @ApiCreatedResponse({ type: PasskeyResponse })
  @ApiErrors(400)
  register(
    @CurrentUser() user: Principal,
    @Body() dto: RegisterPasskeyDto,
    @Client() client: ClientContext,
  ): Promise<PasskeyResponse> {
    return this.registration.register(user, dto, client);
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s passkeys, oldest first' })
  @ApiOkResponse({ type: [PasskeyResponse] })
  list(@CurrentUser() user: Principal): Promise<PasskeyResponse[]> {
    return this.passkeys.list(user.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename one of the caller’s passkeys' })
  @ApiOkResponse({ type: PasskeyResponse })
  @ApiErrors(400, 404)
  rename(
    @CurrentUser() user: Principal,
    @Id() id: string,
    @Body() dto: RenamePasskeyDto,
    @Client() client: ClientContext,
  ): Promise<PasskeyResponse> {
    return this.passkeys.rename(user, id, dto.name, client);
  }

  @Delete(':id')
  @RequiresRecentAuth({ proofBody: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a passkey; 409 LAST_SIGN_IN_METHOD if it is the last way in' })
  @ApiNoContentResponse()
  @ApiErrors(404, 409)
  remove(
    @CurrentUser() user: Principal,
    @Id() id: string,
    @Body() _proof: RecentAuthProofDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.passkeys.remove(user, id, client);
  }
}
