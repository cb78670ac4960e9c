import { RoleResponse } from '@gatehouse/contracts';
import { Permission } from '@gatehouse/domain';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Authenticated } from '../../common/decorators/authenticated.decorator';
import { RequirePermission } from '../../common/decorators/require-permission.decorator';
import { RoleEntity } from '../users/role.entity';

@ApiTags('admin')
@Authenticated()
@Controller('roles')
export class RolesController {
  constructor(@InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>) {}

  @Get()
  @RequirePermission(Permission.RolesRead)
  @ApiOkResponse({ type: [RoleResponse] })
  list(): Promise<RoleResponse[]> {
    return this.roles.find({ order: { name: 'ASC' } });
  }
}
