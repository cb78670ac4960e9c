import { Module } from '@nestjs/common';
import { ActionTokensModule } from '../action-tokens/action-tokens.module';
import { PasswordModule } from '../password/password.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AccountService } from './account.service';
import { BackgroundWork } from './background-work';
import { EmailChangeService } from './email-change.service';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';

@Module({
  imports: [ActionTokensModule, PasswordModule, SessionsModule, UsersModule],
  controllers: [AccountController],
  providers: [
    AccountService,
    BackgroundWork,
    EmailChangeService,
    EmailVerificationService,
    PasswordResetService,
  ],
  exports: [EmailVerificationService],
})
export class AccountModule {}
