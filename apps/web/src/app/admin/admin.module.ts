import { Module } from '@nestjs/common';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminController } from './admin.controller';
import { AdminGuard } from './admin.guard';
import { AdminPresenter } from './admin.presenter';

@Module({
  controllers: [AdminController, AdminSessionsController, AdminUsersController],
  providers: [AdminGuard, AdminPresenter],
})
export class AdminModule {}
