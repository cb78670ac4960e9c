import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { RoleEntity } from '../users/role.entity';
import { UsersModule } from '../users/users.module';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminSessionsService } from './admin-sessions.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { RolesController } from './roles.controller';

@Module({
  imports: [TypeOrmModule.forFeature([RoleEntity]), SessionsModule, UsersModule],
  controllers: [AdminSessionsController, AdminUsersController, RolesController],
  providers: [AdminSessionsService, AdminUsersService],
})
export class AdminModule {}
