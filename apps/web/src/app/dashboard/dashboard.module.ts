import { Module } from '@nestjs/common';
import { FormResponder } from '../../common/forms/form-responder';
import { AuthModule } from '../auth/auth.module';
import { DashboardController } from './dashboard.controller';
import { DashboardPresenter } from './dashboard.presenter';
import { TwoFactorController } from './two-factor.controller';

@Module({
  imports: [AuthModule],
  controllers: [DashboardController, TwoFactorController],
  providers: [DashboardPresenter, FormResponder],
})
export class DashboardModule {}
