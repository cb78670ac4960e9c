import { RecentAuthProofDto, SessionResponse } from '@gatehouse/contracts';
import { AuditEventType } from '@gatehouse/domain';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequiresRecentAuth } from '../../common/decorators/requires-recent-auth.decorator';
import type { ClientContext } from '../../common/http/client-context';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../users/principal';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@Authenticated()
@Controller('auth/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in devices (live refresh-token families)' })
  @ApiOkResponse({ type: [SessionResponse] })
  list(@CurrentUser() user: Principal): Promise<SessionResponse[]> {
    return this.sessions.listFor(user.id, user.sessionId);
  }

  @Delete(':id')
  @RequiresRecentAuth({ exceptOwnSession: 'id', proofBody: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Sign a device out: its refresh and access tokens stop working (another device: needs a recent re-authentication)',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async end(
    @CurrentUser() user: Principal,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    // Read by RecentAuthGuard; bound here so the body is validated like any other.
    @Body() _proof: RecentAuthProofDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.sessions.endOwnSession(user.id, id);
    await this.audit.record({
      type: AuditEventType.SessionRevoked,
      userId: user.id,
      client,
      details: { sessionId: id },
    });
  }
}
