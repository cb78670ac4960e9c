import { Module } from '@nestjs/common';
import { FormResponder } from '../../common/forms/form-responder';
import { AuthModule } from '../auth/auth.module';
import { SsoModule } from '../sso/sso.module';
import { ConfirmController } from './confirm.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardPresenter } from './dashboard.presenter';
import { EmailChangeController } from './email-change.controller';
import { TwoFactorController } from './two-factor.controller';

@Module({
  imports: [AuthModule, SsoModule],
  controllers: [ConfirmController, DashboardController, EmailChangeController, TwoFactorController],
  providers: [DashboardPresenter, FormResponder],
})
export class DashboardModule {}
