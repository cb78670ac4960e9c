import {
  ListUsersQuery,
  SetRolesDto,
  UpdateUserDto,
  UserPageResponse,
  UserResponse,
  UserStatsResponse,
} from '@gatehouse/contracts';
import { Permission } from '@gatehouse/domain';
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
  Put,
  Query,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { Client } from '../../common/decorators/client-context.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { RequirePermission } from '../../common/decorators/require-permission.decorator';
import type { ClientContext } from '../../common/http/client-context';
import type { Principal } from '../users/principal';
import { AdminUsersService } from './admin-users.service';

const UUID = new ParseUUIDPipe({ version: '4' });

@ApiTags('admin')
@Authenticated()
@Controller('users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'Users, newest first; q searches email and names' })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiErrors(400)
  list(@Query() query: ListUsersQuery): Promise<UserPageResponse> {
    return this.admin.list(query);
  }

  @Get('stats')
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'User counts for the admin overview' })
  @ApiOkResponse({ type: UserStatsResponse })
  stats(): Promise<UserStatsResponse> {
    return this.admin.stats();
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 404)
  get(@Param('id', UUID) id: string): Promise<UserResponse> {
    return this.admin.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersWrite)
  @ApiOperation({ summary: 'Activate/deactivate, verify, rename; deactivation ends every session' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 404, 409)
  update(
    @CurrentUser() actor: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateUserDto,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    return this.admin.update(actor.id, id, dto, client);
  }

  @Put(':id/roles')
  @RequirePermission(Permission.RolesAssign)
  @ApiOperation({ summary: 'Replace the user’s roles' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 404, 409)
  setRoles(
    @CurrentUser() actor: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: SetRolesDto,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    return this.admin.setRoles(actor.id, id, dto.roles, client);
  }

  @Delete(':id')
  @RequirePermission(Permission.UsersDelete)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete the user with their sessions and tokens' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404, 409)
  remove(
    @CurrentUser() actor: Principal,
    @Param('id', UUID) id: string,
    @Client() client: ClientContext,
  ): Promise<void> {
    return this.admin.remove(actor.id, id, client);
  }
}
