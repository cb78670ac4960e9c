import { EndedSessionsResponse } from '@gatehouse/contracts';
import { Permission } from '@gatehouse/domain';
import { Controller, Delete, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequirePermission } from '../../common/decorators/require-permission.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { AdminSessionsService } from './admin-sessions.service';

@ApiTags('admin')
@Authenticated()
@Controller('users')
export class AdminSessionsController {
  constructor(private readonly adminSessions: AdminSessionsService) {}

  @Delete(':id/sessions')
  @RequirePermission(Permission.UsersWrite)
  @ApiOperation({
    summary: 'End every session of the user',
    description:
      'Every refresh token is revoked and every access token issued so far is refused at once, ' +
      'as with the user’s own logout-all; the account stays active. Audited as ' +
      '`user.sessions_ended` with the admin as the actor.',
  })
  @ApiOkResponse({ type: EndedSessionsResponse })
  @ApiErrors(400, 404)
  endAll(
    @CurrentUser() actor: Principal,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Client() client: ClientContext,
  ): Promise<EndedSessionsResponse> {
    return this.adminSessions.endAll(actor.id, id, client);
  }
}
