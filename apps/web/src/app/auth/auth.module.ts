import { Module } from '@nestjs/common';
import { FormResponder } from '../../common/forms/form-responder';
import { SsoModule } from '../sso/sso.module';
import { AccountRecoveryController } from './account-recovery.controller';
import { AuthController } from './auth.controller';
import { AuthPresenter } from './auth.presenter';
import { MfaEnrollmentController } from './mfa-enrollment.controller';

@Module({
  imports: [SsoModule],
  controllers: [AuthController, AccountRecoveryController, MfaEnrollmentController],
  providers: [AuthPresenter, FormResponder],
  exports: [AuthPresenter],
})
export class AuthModule {}
